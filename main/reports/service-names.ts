import type { Statement } from 'better-sqlite3';
import { AUDIT_EVENTS } from '../audit';
import type { Db } from '../db/database';

/**
 * The name of each DoS service this workstation has been offered, from the services.offered
 * audit events (the directory's name at the time). Read incrementally by sequence number, so
 * each report reads only the events written since the last one.
 */
export class ServiceNames {
  private readonly names = new Map<string, string>();
  private lastSeq = 0;
  private readonly since: Statement;

  constructor(db: Db) {
    this.since = db.prepare(
      `SELECT e.seq AS seq, json_extract(s.value, '$.serviceId') AS id, json_extract(s.value, '$.name') AS name
         FROM audit_events e, json_each(e.detail, '$.services') s
        WHERE e.type = @type AND e.seq > @after AND e.outcome = 'ok'
        ORDER BY e.seq`,
    );
  }

  /** Every name known so far; a later offer's name wins (a service renamed in the directory). */
  current(): ReadonlyMap<string, string> {
    const rows = this.since.all({ type: AUDIT_EVENTS.servicesOffered, after: this.lastSeq }) as { seq: number; id: unknown; name: unknown }[];
    for (const r of rows) {
      if (typeof r.id === 'string' && typeof r.name === 'string' && r.name !== '') this.names.set(r.id, r.name);
      this.lastSeq = Math.max(this.lastSeq, r.seq);
    }
    return this.names;
  }
}
