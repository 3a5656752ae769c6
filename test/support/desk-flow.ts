import type { App } from '../../main/app/create-app';
import type { Booking, Case, PatientInput, ServiceOffer, SlotSearchResult } from '../../preload/contract';
import { dispatcher } from './dispatch';
import { patientWithNhsNumber } from './patients';
import { startCase } from './start-case';

/** Opens a case, chooses the sandbox UTC and books its first slot inside the timeframe, through the app's dispatch. */
export async function bookOnDesk(app: App, patient: PatientInput = patientWithNhsNumber()): Promise<{ caseId: string; booking: Booking }> {
  const { ok, booking: bookingCall } = dispatcher(() => app);
  const opened = await startCase(ok, { patient, dispositionCode: 'Dx05', registeredPractice: { odsCode: 'B82002' } });
  const { services } = await ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
  const service = services.find((s) => s.name === 'Riverside Urgent Treatment Centre');
  if (service === undefined) throw new Error('sandbox UTC missing');
  await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: service.serviceId });
  const search = await ok<SlotSearchResult>('slots:search', { caseId: opened.id });
  const slot = search.slots.find((s) => !s.outsideTimeframe);
  if (slot === undefined) throw new Error('no slot inside the timeframe');
  const booking = await bookingCall('booking:book', { caseId: opened.id, slotId: slot.slotId });
  return { caseId: opened.id, booking };
}
