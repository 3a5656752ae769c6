export type * from './types';
export * from './schemas';
export { referenceKey, BundleIndex } from './references';
export { deliveryChannelOf } from './delivery-channel';
export { bundleToRows, MalformedBundleError, readSlotBundle, type BundleRows, type ShownSlotCheck, type SlotBundleRead, type SlotRowBase, type SlotSearchScope } from './rows';
export { buildAppointment, buildPatient, type AppointmentInput } from './appointment';
export { slotVerdict, noSkippedSlots, type SlotFacts, type SlotVerdict, type SlotWindow } from './slot-rules';
