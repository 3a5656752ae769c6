/** The booking messages as sent, kept in the workstation's SQLite (migration 012) so a cancel survives a restart. */
import type { Db } from '../../db/database';
import type { SentMessages } from './adapter';

export class SqliteSentMessages implements SentMessages {
  private readonly insert;
  private readonly select;

  constructor(db: Db, private readonly now: () => Date = () => new Date()) {
    // The first answer wins: a 409 duplicate found later names the same appointment and body.
    this.insert = db.prepare(`INSERT OR IGNORE INTO bars_sent_messages (appointment_id, dos_service_id, body, sent_at) VALUES (?, ?, ?, ?)`);
    this.select = db.prepare<[string], { dos_service_id: string; body: string }>(`SELECT dos_service_id, body FROM bars_sent_messages WHERE appointment_id = ?`);
  }

  remember(appointmentId: string, dosServiceId: string, body: string): void {
    this.insert.run(appointmentId, dosServiceId, body, this.now().toISOString());
  }

  recall(appointmentId: string): { dosServiceId: string; body: string } | undefined {
    const row = this.select.get(appointmentId);
    return row === undefined ? undefined : { dosServiceId: row.dos_service_id, body: row.body };
  }
}
