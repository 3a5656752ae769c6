import type { Db } from '../db/database';

/**
 * The key a keyed AuditStore was opened with, per connection, so a verify on that connection
 * (the audit:verify channel, tests) checks MACs without the key being passed around.
 * Held in memory only.
 */
const keys = new WeakMap<Db, Buffer>();

export function registerKey(db: Db, key: Buffer): void {
  keys.set(db, key);
}

export function keyFor(db: Db): Buffer | undefined {
  return keys.get(db);
}
