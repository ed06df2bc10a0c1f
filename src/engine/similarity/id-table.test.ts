import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { IdTable } from './id-table';

describe('IdTable', () => {
  it('behaves like a Map under random sets, deletes and clears', () => {
    const key = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constant(2 ** 40 + 1), fc.nat());
    const op = fc.tuple(fc.constantFrom('set', 'delete', 'get', 'clear'), key, fc.nat(1e6));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const table = new IdTable();
        const model = new Map<number, number>();
        for (const [kind, id, slot] of ops) {
          if (kind === 'set') {
            table.set(id, slot);
            model.set(id, slot);
          } else if (kind === 'delete') {
            expect(table.delete(id)).toBe(model.get(id) ?? -1);
            model.delete(id);
          } else if (kind === 'clear') {
            table.clear(model.size);
            model.clear();
          }
          expect(table.get(id)).toBe(model.get(id) ?? -1);
          expect(table.size).toBe(model.size);
        }
        for (const [id, slot] of model) expect(table.get(id)).toBe(slot);
      }),
      { numRuns: 100 },
    );
  });
});
