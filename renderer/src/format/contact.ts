import { RELATIONSHIPS, type ContactPoint, type Patient } from '../../../preload/contract';

export const SYSTEM_LABEL: Record<ContactPoint['system'], string> = { phone: 'Phone', sms: 'Text message (SMS)', email: 'Email' };
export const USE_LABEL: Record<ContactPoint['use'], string> = { home: 'Home', work: 'Work', mobile: 'Mobile', temp: 'Temporary' };

export interface ContactLine {
  /** Who answers: "Patient" or "Jane Smith (Mother, Next of kin)". */
  who: string;
  point: ContactPoint;
}

/** Every number the Provider will receive, the primary (rank 1) first, then by rank as entered. */
export function contactsByRank(patient: Patient): ContactLine[] {
  const lines: ContactLine[] = [
    ...patient.telecom.map((point) => ({ who: 'Patient', point })),
    ...patient.contacts.flatMap((c) =>
      c.telecom.map((point) => ({
        who: `${c.name.given} ${c.name.family} (${[c.relationshipText, RELATIONSHIPS[c.relationship]].filter((s) => s !== undefined && s !== '').join(', ')})`,
        point,
      })),
    ),
  ];
  // Stable sort keeps the entered order among equal ranks.
  return lines.map((l, i) => ({ l, i })).sort((a, b) => a.l.point.rank - b.l.point.rank || a.i - b.i).map(({ l }) => l);
}

export function describePoint(point: ContactPoint): string {
  return `${point.value} (${USE_LABEL[point.use]} ${SYSTEM_LABEL[point.system].toLowerCase()})`;
}
