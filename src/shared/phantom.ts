/**
 * A type carried only at compile time: the result type of a contract method or an event's payload.
 * Its own module so the per-domain contract files need not import contract.ts, which imports them.
 */
export interface Phantom<T> {
  readonly __type?: T;
}
