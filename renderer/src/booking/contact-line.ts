import type { Patient, SlotRow } from '../../../preload/contract';
import { contactsByRank } from '../format/contact';

/**
 * For a telephone or video slot, who the service will contact and on which number (the primary
 * contact the Provider receives); undefined for an in-person slot or one that does not say.
 */
export function patientContactLine(slot: SlotRow, patient: Patient): string | undefined {
  if (slot.deliveryChannel !== 'Telephone' && slot.deliveryChannel !== 'Video') return undefined;
  const first = contactsByRank(patient).find((c) => c.point.system === 'phone' || c.point.system === 'sms');
  const whom = first === undefined || first.who === 'Patient' ? 'the patient' : first.who;
  if (first === undefined) return `The service will contact the patient, but no phone number has been given: add one before booking`;
  return slot.deliveryChannel === 'Telephone' ? `The service will phone ${whom} on ${first.point.value}` : `The service will contact ${whom} for the video call on ${first.point.value}`;
}

/** An in-person slot that starts within `withinMinutes` of now: can the patient get there in time? */
export function startsSoon(slot: SlotRow, now: Date, withinMinutes: number): boolean {
  if (slot.deliveryChannel !== 'In-person') return false;
  const minutes = (new Date(slot.start).getTime() - now.getTime()) / 60_000;
  return minutes <= withinMinutes;
}
