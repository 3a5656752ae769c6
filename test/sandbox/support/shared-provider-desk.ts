/**
 * One desk's sandbox Provider process for shared-provider.test.ts: opens the shared file (all
 * processes at once), tops up the same diaries, tries to book the first free slot, prints what happened.
 */
import { randomUUID } from 'node:crypto';
import { SEED_SERVICES } from '../../../main/sandbox/seed/catalogue';
import { generateSlots } from '../../../main/sandbox/seed/slot-generator';
import { AppointmentStore } from '../../../main/sandbox/store/appointment-store';
import { closeDatabase, openDatabase } from '../../../main/sandbox/store/database';
import { SlotStore } from '../../../main/sandbox/store/slot-store';

const [path, nowText, goText] = process.argv.slice(2);
const nowMs = Number(nowText);
// Every process opens the file at the same instant, so their first-open migrations really overlap.
const pause = new Int32Array(new SharedArrayBuffer(4));
while (Date.now() < Number(goText)) Atomics.wait(pause, 0, 0, 1);
const db = openDatabase(path ?? '');
const slots = new SlotStore(db);
const service = SEED_SERVICES[0];
if (service === undefined) throw new Error('no seed service');
slots.topUp(generateSlots(service, nowMs), nowMs);
const [first] = slots.find({ serviceId: service.id, fromMs: nowMs, toMs: nowMs + 7 * 86_400_000 });
if (first === undefined) throw new Error('no slot');
const result = new AppointmentStore(db, slots).book({
  providerKey: 'shared-test',
  requestId: randomUUID(),
  slotId: first.id,
  serviceId: service.id,
  nowIso: new Date(nowMs).toISOString(),
  build: (id, version) => ({ resourceType: 'Appointment', id, status: 'booked', meta: { versionId: String(version) } }),
});
closeDatabase(db);
process.stdout.write(JSON.stringify({ kind: result.kind, slotId: first.id }));
