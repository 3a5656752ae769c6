import type { SandboxDb } from '../store/database';

/** A Provider appointment whose contained DocumentReference names a CDA document id. */
export interface LinkedAppointment {
  appointmentId: string;
  providerKey: string;
  serviceId: string;
  status: string;
  /** The absolute Appointment URL, as the Provider's Location header gives it (without the version). */
  url: string;
}

/** How the ITK receiver finds the appointment a CDA belongs to: by the document UUID (digest §8). */
export interface AppointmentIndex {
  findByDocumentId(documentId: string): LinkedAppointment | undefined;
}

interface Row {
  id: string;
  provider_key: string;
  service_id: string;
  status: string;
}

/**
 * Reads the sandbox Provider's own store: the latest version of each Appointment, matched on
 * its contained DocumentReference identifier (an array in STU3; a lone object tolerated).
 * Looked up when asked, so a CDA that arrives before its appointment links once it exists.
 */
export function sandboxAppointmentIndex(db: SandboxDb, rootFor: (providerKey: string) => string): AppointmentIndex {
  const find = db.prepare<[string], Row>(
    `SELECT a.id, a.provider_key, a.service_id, a.status
       FROM appointment a JOIN appointment_version v ON v.appointment_id = a.id AND v.version = a.version
      WHERE EXISTS (SELECT 1 FROM json_each(v.body, '$.contained') c
                     WHERE json_extract(c.value, '$.resourceType') = 'DocumentReference'
                       AND upper(COALESCE(json_extract(c.value, '$.identifier[0].value'), json_extract(c.value, '$.identifier.value'))) = upper(?))
      ORDER BY a.rowid DESC LIMIT 1`,
  );
  return {
    findByDocumentId(documentId) {
      const row = find.get(documentId);
      if (row === undefined) return undefined;
      return { appointmentId: row.id, providerKey: row.provider_key, serviceId: row.service_id, status: row.status, url: `${rootFor(row.provider_key)}/Appointment/${row.id}` };
    },
  };
}
