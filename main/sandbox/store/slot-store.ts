/** Slots in SQLite: rolling top-ups, search by service and time, and busy/free state. */
import type { DeliveryChannelCode } from '../seed/types';
import type { GeneratedSlot } from '../seed/slot-generator';
import type { SandboxDb } from './database';

export interface SlotRecord {
  id: string;
  serviceId: string;
  scheduleId: string;
  startMs: number;
  endMs: number;
  status: 'free' | 'busy';
  channel: DeliveryChannelCode | undefined;
}

interface SlotRow {
  id: string;
  service_id: string;
  schedule_id: string;
  start_ms: number;
  end_ms: number;
  status: 'free' | 'busy';
  channel: DeliveryChannelCode | null;
}

const toRecord = (r: SlotRow): SlotRecord => ({
  id: r.id,
  serviceId: r.service_id,
  scheduleId: r.schedule_id,
  startMs: r.start_ms,
  endMs: r.end_ms,
  status: r.status,
  channel: r.channel ?? undefined,
});

export interface SlotQuery {
  serviceId: string;
  fromMs: number;
  toMs: number;
  status?: 'free' | 'busy';
}

export class SlotStore {
  private readonly insert;
  private readonly prune;
  private readonly byId;
  private readonly search;
  private readonly searchByStatus;
  private readonly setStatus;

  constructor(private readonly db: SandboxDb) {
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO slot (id, service_id, schedule_id, start_ms, end_ms, status, channel)
       VALUES (@id, @serviceId, @scheduleId, @startMs, @endMs, 'free', @channel)`,
    );
    // Past free slots nobody booked are dropped; booked ones stay for their Appointments.
    this.prune = db.prepare(`DELETE FROM slot WHERE end_ms < ? AND id NOT IN (SELECT slot_id FROM appointment)`);
    this.byId = db.prepare<[string], SlotRow>(`SELECT * FROM slot WHERE id = ?`);
    this.search = db.prepare<[string, number, number], SlotRow>(
      `SELECT * FROM slot WHERE service_id = ? AND start_ms >= ? AND start_ms <= ? ORDER BY start_ms, schedule_id`,
    );
    this.searchByStatus = db.prepare<[string, number, number, string], SlotRow>(
      `SELECT * FROM slot WHERE service_id = ? AND start_ms >= ? AND start_ms <= ? AND status = ? ORDER BY start_ms, schedule_id`,
    );
    this.setStatus = db.prepare(`UPDATE slot SET status = ? WHERE id = ? AND status = ?`);
  }

  /** Adds the generated slots that are not stored yet and drops stale free ones. */
  topUp(slots: GeneratedSlot[], nowMs: number): void {
    this.db.transaction(() => {
      this.prune.run(nowMs - 86_400_000);
      for (const s of slots) this.insert.run({ ...s, channel: s.channel ?? null });
    })();
  }

  get(id: string): SlotRecord | undefined {
    const row = this.byId.get(id);
    return row ? toRecord(row) : undefined;
  }

  find(q: SlotQuery): SlotRecord[] {
    const rows = q.status
      ? this.searchByStatus.all(q.serviceId, q.fromMs, q.toMs, q.status)
      : this.search.all(q.serviceId, q.fromMs, q.toMs);
    return rows.map(toRecord);
  }

  /** Flips a slot's status only from the expected one; false when someone got there first. */
  transition(id: string, from: 'free' | 'busy', to: 'free' | 'busy'): boolean {
    return this.setStatus.run(to, id, from).changes === 1;
  }
}
