/** What the app holds, read straight from its data folder (read-only), and its audit trail checked. */
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadLog } from '../../main/audit/head-log';
import { verifyAudit } from '../../main/audit/verify';
import { closeDatabase, openDatabase } from '../../main/db/database';
import type { AppBooking, AppRebook, AppSnapshot } from './checker';

interface BookingDoc {
  id: string;
  caseId: string;
  status: AppBooking['status'];
  requestId: string;
  appointmentId?: string;
  additionalReason?: string;
  rebookId?: string;
  phoneCheck?: { since: string };
}

interface RebookDoc {
  id: string;
  caseId: string;
  state: string;
  newLeg: { bookingId?: string };
  cancelLeg: { bookingId: string };
}

/** The app's bookings and rebooks; read while the app is paused or dead, so the picture is still. */
export function readApp(dataDir: string): AppSnapshot {
  const path = join(dataDir, 'workstation.sqlite');
  if (!existsSync(path)) return { bookings: [], rebooks: [] };
  const db = new Database(path, { readonly: true, timeout: 5_000 });
  try {
    const bookings = (db.prepare('SELECT doc FROM bookings ORDER BY created_at, rowid').all() as { doc: string }[]).map((r): AppBooking => {
      const d = JSON.parse(r.doc) as BookingDoc;
      return { id: d.id, caseId: d.caseId, status: d.status, requestId: d.requestId, appointmentId: d.appointmentId, additionalReason: d.additionalReason, rebookId: d.rebookId, phoneCheck: d.phoneCheck !== undefined };
    });
    const rebooks = (db.prepare('SELECT doc FROM rebooks ORDER BY created_at, rowid').all() as { doc: string }[]).map((r): AppRebook => {
      const d = JSON.parse(r.doc) as RebookDoc;
      return { id: d.id, caseId: d.caseId, state: d.state, newBookingId: d.newLeg.bookingId, oldBookingId: d.cancelLeg.bookingId };
    });
    return { bookings, rebooks };
  } finally {
    db.close();
  }
}

/** `npm run audit:verify` on the closed data folder: every problem it reports (none when the trail is whole). */
export async function auditProblems(dataDir: string): Promise<string[]> {
  const path = join(dataDir, 'workstation.sqlite');
  const key = Buffer.from(readFileSync(join(dataDir, 'audit-chain.key'), 'utf8').trim(), 'hex');
  const db = openDatabase(path, { readonly: true });
  const headLog = new HeadLog(join(dataDir, 'workstation.audit-head.log'), { readonly: true });
  try {
    const result = await verifyAudit(db, { key, anchors: [headLog] });
    return result.ok ? [] : result.problems.map((p) => (p.seq > 0 ? `row ${p.seq}: ${p.problem}` : p.problem));
  } finally {
    await headLog.close();
    closeDatabase(db);
  }
}
