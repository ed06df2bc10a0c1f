import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containedPath } from './contained-path';

describe('containedPath', () => {
  const root = '/data/jium/media';
  it('resolves paths inside the root', () => {
    expect(containedPath(root, '/case-1/thumb.webp')).toBe(join(root, 'case-1/thumb.webp'));
    expect(containedPath(root, 'a%20b.png')).toBe(join(root, 'a b.png'));
  });
  it.each([
    ['/../secret.db'],
    ['/case/../../etc/passwd'],
    ['/%2e%2e/%2e%2e/etc/passwd'],
    ['/..%2fetc%2fpasswd'],
    ['/'],
    [''],
    ['/a%00.png'],
    ['/%E0%A4%A'],
  ])('refuses %j', (p) => {
    expect(containedPath(root, p)).toBeNull();
  });
});
