/**
 * Appointments and all their versions. Booking and cancelling are single SQLite transactions:
 * better-sqlite3 runs them synchronously, so two clients racing for one slot are serialised
 * and exactly one wins; a repeated X-Request-ID finds the first booking inside the same
 * transaction, so a retry can never book twice.
 */
import { newAppointmentNumber } from '../appointment-number';
import type { SandboxDb } from './database';
import type { SlotStore } from './slot-store';

export interface StoredVersion {
  id: string;
  version: number;
  lastUpdated: string;
  serviceId: string;
  slotId: string;
  status: string;
  body: Record<string, unknown>;
}

export type BookResult =
  | { kind: 'created'; appointment: StoredVersion }
  | { kind: 'replayed'; appointment: StoredVersion }
  | { kind: 'request-id-reused'; appointmentId: string }
  | { kind: 'slot-busy' };

export type CancelResult =
  | { kind: 'cancelled'; appointment: StoredVersion }
  | { kind: 'not-found' }
  | { kind: 'version-conflict'; current: number }
  | { kind: 'already-cancelled' };

export interface BookRequest {
  providerKey: string;
  requestId: string;
  slotId: string;
  serviceId: string;
  nowIso: string;
  /** Builds the stored resource once the id and version are known. */
  build: (id: string, version: number, lastUpdated: string) => Record<string, unknown>;
}

interface AppointmentRow {
  id: string;
  provider_key: string;
  service_id: string;
  slot_id: string;
  version: number;
  status: string;
}

export class AppointmentStore {
  constructor(
    private readonly db: SandboxDb,
    private readonly slots: SlotStore,
  ) {}

  book(req: BookRequest): BookResult {
    return this.db.transaction((): BookResult => {
      const prior = this.db
        .prepare<[string, string], AppointmentRow>(`SELECT * FROM appointment WHERE provider_key = ? AND request_id = ?`)
        .get(req.providerKey, req.requestId);
      if (prior) {
        // Same X-Request-ID for the same slot is a retry whose answer was lost: give the first booking back.
        if (prior.slot_id !== req.slotId) return { kind: 'request-id-reused', appointmentId: prior.id };
        const current = this.read(req.providerKey, prior.id);
        if (current) return { kind: 'replayed', appointment: current };
      }
      if (!this.slots.transition(req.slotId, 'free', 'busy')) return { kind: 'slot-busy' };
      const id = newAppointmentNumber((candidate) => this.db.prepare<[string], { id: string }>(`SELECT id FROM appointment WHERE id = ?`).get(candidate) !== undefined);
      const body = req.build(id, 1, req.nowIso);
      this.db
        .prepare(`INSERT INTO appointment (id, provider_key, service_id, slot_id, request_id, version, status) VALUES (?, ?, ?, ?, ?, 1, ?)`)
        .run(id, req.providerKey, req.serviceId, req.slotId, req.requestId, String(body.status));
      this.insertVersion(id, 1, body, req.nowIso);
      return { kind: 'created', appointment: this.read(req.providerKey, id) as StoredVersion };
    }).immediate();
  }

  cancel(providerKey: string, id: string, ifMatch: number, build: (version: number, lastUpdated: string) => Record<string, unknown>, nowIso: string): CancelResult {
    return this.db.transaction((): CancelResult => {
      const row = this.row(providerKey, id);
      if (!row) return { kind: 'not-found' };
      if (row.version !== ifMatch) return { kind: 'version-conflict', current: row.version };
      if (row.status === 'cancelled') return { kind: 'already-cancelled' };
      const version = row.version + 1;
      const body = build(version, nowIso);
      this.db.prepare(`UPDATE appointment SET version = ?, status = 'cancelled' WHERE id = ?`).run(version, id);
      this.insertVersion(id, version, body, nowIso);
      // Cancelling gives the slot back to everyone else.
      this.slots.transition(row.slot_id, 'busy', 'free');
      return { kind: 'cancelled', appointment: this.read(providerKey, id) as StoredVersion };
    }).immediate();
  }

  /** The latest version, or a given one; undefined when the Provider does not hold it. */
  read(providerKey: string, id: string, version?: number): StoredVersion | undefined {
    const row = this.row(providerKey, id);
    if (!row) return undefined;
    const v = this.db
      .prepare<[string, number], { body: string; last_updated: string; version: number }>(
        `SELECT body, last_updated, version FROM appointment_version WHERE appointment_id = ? AND version = ?`,
      )
      .get(id, version ?? row.version);
    if (!v) return undefined;
    const body = JSON.parse(v.body) as Record<string, unknown>;
    return { id, version: v.version, lastUpdated: v.last_updated, serviceId: row.service_id, slotId: row.slot_id, status: String(body.status), body };
  }

  /** The DoS service an Appointment belongs to, for fault scoping and the SSP. */
  serviceOf(providerKey: string, id: string): string | undefined {
    return this.row(providerKey, id)?.service_id;
  }

  private row(providerKey: string, id: string): AppointmentRow | undefined {
    return this.db
      .prepare<[string, string], AppointmentRow>(`SELECT * FROM appointment WHERE id = ? AND provider_key = ?`)
      .get(id, providerKey);
  }

  private insertVersion(id: string, version: number, body: Record<string, unknown>, at: string): void {
    this.db
      .prepare(`INSERT INTO appointment_version (appointment_id, version, body, last_updated) VALUES (?, ?, ?, ?)`)
      .run(id, version, JSON.stringify(body), at);
  }
}

export function clearAll(db: SandboxDb): void {
  db.transaction(() => {
    db.exec(`DELETE FROM appointment_version; DELETE FROM appointment; DELETE FROM slot;`);
  })();
}
