import type { Db } from '../db/database';
import { verifiedMac } from './chain';

export interface VerifiedPoint {
  seq: number;
  hash: string;
}

/** The last point a start-up verification passed, if its MAC holds; a forged or stale one means a full walk. */
export function readVerifiedPoint(db: Db, key: Buffer): VerifiedPoint | undefined {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_verified'").get() !== undefined;
  if (!exists) return undefined;
  const row = db.prepare('SELECT seq, hash, mac FROM audit_verified WHERE id = 1').get() as (VerifiedPoint & { mac: string }) | undefined;
  if (row === undefined || verifiedMac(key, row.seq, row.hash) !== row.mac) return undefined;
  return { seq: row.seq, hash: row.hash };
}

/** Records that every row up to `seq` verified, so the next start walks only the rows after it. */
export function writeVerifiedPoint(db: Db, key: Buffer, seq: number, at: Date): void {
  const row = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(seq) as { hash: string } | undefined;
  if (row === undefined) return;
  db.prepare(
    `INSERT INTO audit_verified (id, seq, hash, mac, at) VALUES (1, @seq, @hash, @mac, @at)
     ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac, at = excluded.at`,
  ).run({ seq, hash: row.hash, mac: verifiedMac(key, seq, row.hash), at: at.toISOString() });
}
