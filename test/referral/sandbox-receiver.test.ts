import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCda, buildItkSoap, ItkClient } from '../../main/referral';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import type { ItkReceiver } from '../../main/sandbox/itk';
import { appointmentFor, call, firstFreeSlot, providerRoot, UTC } from '../sandbox/fixtures';
import { booking, cdaInput } from './fixtures';

let sandbox: SandboxHandle;
let receiver: ItkReceiver;
let root: string;
const client = new ItkClient({ timeoutMs: 5000, allowInsecureLoopback: true });

beforeAll(async () => {
  // The sandbox mounts its own receiver, linked to its Provider's store, as the app runs it.
  sandbox = await startSandbox({ dbPath: join(mkdtempSync(join(tmpdir(), 'bw-itk-')), 'sandbox.sqlite') });
  receiver = sandbox.itk;
  root = providerRoot(sandbox, 'riverside');
});
beforeEach(() => sandbox.reset());
afterAll(async () => {
  await sandbox.close();
});

/** Books through the sandbox Provider as a Consumer does; returns the document UUID and the Location URL. */
async function bookAppointment(): Promise<{ documentId: string; location: string }> {
  const body = appointmentFor(await firstFreeSlot(root, UTC));
  const documentId = ((body.contained as { identifier?: { value: string }[] }[])[0]?.identifier?.[0]?.value) ?? '';
  const res = await call(root, '/Appointment', { method: 'POST', body });
  expect(res.status).toBe(201);
  return { documentId, location: res.headers.get('location') ?? '' };
}

async function sendCda(documentId: string, appointmentUrl?: string) {
  const cda = buildCda(cdaInput({ documentId, ...(appointmentUrl !== undefined ? { booking: booking({ documentId, appointmentUrl }) } : {}) }));
  const url = `${sandbox.baseUrl}/itk/${UTC}`;
  const message = buildItkSoap({ to: url, from: 'urn:nhs-uk:addressing:ods:X99999', senderOds: 'X99999', recipientAddress: 'urn:nhs-uk:addressing:ods:RX8AA', interaction: 'urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0', cda: cda.tree, username: 'user-7f3a', now: new Date() });
  return client.send(url, message.xml);
}

describe('the sandbox ITK receiver', () => {
  it('is the ITK endpoint the sandbox directory lists', async () => {
    const service = await sandbox.directory.getService(UTC);
    const itk = service?.endpoints.find((e) => e.transport === 'itk');
    expect(itk?.address).toBe(`${sandbox.baseUrl}/itk/${UTC}`);
  });

  it('links the document to the appointment when the CDA arrives after the booking, URL included', async () => {
    const { documentId, location } = await bookAppointment();
    expect(receiver.link(documentId).state).toBe('appointment-only');
    expect(await sendCda(documentId, location)).toEqual({ httpStatus: 200, answer: 'OK' });
    const link = receiver.link(documentId);
    expect(link.state).toBe('linked');
    expect(link.document?.serviceId).toBe(UTC);
    expect(link.appointment?.url).toBe(location.replace(/\/_history\/\d+$/, ''));
    expect(link.urlMatches).toBe(true);
  });

  it('links them when the CDA arrives before the appointment exists', async () => {
    // The Provider is told the document UUID in the booking; the CDA can come first.
    const body = appointmentFor(await firstFreeSlot(root, UTC));
    const documentId = (body.contained as { identifier?: { value: string }[] }[])[0]?.identifier?.[0]?.value ?? '';
    await sendCda(documentId);
    expect(receiver.link(documentId).state).toBe('document-only');
    expect((await call(root, '/Appointment', { method: 'POST', body })).status).toBe(201);
    const link = receiver.link(documentId);
    expect(link.state).toBe('linked');
    expect(link.appointment?.serviceId).toBe(UTC);
  });

  it('answers a SOAP fault for an invalid message and keeps nothing', async () => {
    const before = receiver.documents().length;
    await expect(client.send(`${sandbox.baseUrl}/itk/${UTC}`, '<not-soap/>')).rejects.toMatchObject({ kind: 'soap-fault' });
    await expect(client.send(`${sandbox.baseUrl}/itk/${UTC}`, '<broken')).rejects.toMatchObject({ kind: 'soap-fault' });
    expect(receiver.documents()).toHaveLength(before);
  });

  it('can be told to fail the next message: fault, HTTP 500 or a dropped connection', async () => {
    const id = crypto.randomUUID();
    receiver.failNext('soap-fault');
    await expect(sendCda(id)).rejects.toMatchObject({ kind: 'soap-fault' });
    receiver.failNext('http-500');
    await expect(sendCda(id)).rejects.toMatchObject({ kind: 'http-error', httpStatus: 500 });
    receiver.failNext('drop');
    await expect(sendCda(id)).rejects.toMatchObject({ kind: 'unreachable' });
    expect(receiver.link(id).state).toBe('none');
    await sendCda(id);
    expect(receiver.link(id).state).toBe('document-only');
  });
});

describe('the sandbox ITK receiver over a long shift', () => {
  it('keeps the newest referrals only, so a sandbox left running all week does not hold every document', async () => {
    const { createServer } = await import('node:http');
    const { createItkReceiver } = await import('../../main/sandbox/itk/receiver');
    const small = createItkReceiver({ keep: 2 });
    const server = createServer((req, res) => void small.handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/itk/${UTC}`;
      const ids = ['0a6b7c1e-1111-4c1a-9c1a-000000000001', '0a6b7c1e-1111-4c1a-9c1a-000000000002', '0a6b7c1e-1111-4c1a-9c1a-000000000003'];
      for (const documentId of ids) {
        const cda = buildCda(cdaInput({ documentId }));
        const message = buildItkSoap({ to: url, from: 'urn:nhs-uk:addressing:ods:X99999', senderOds: 'X99999', recipientAddress: 'urn:nhs-uk:addressing:ods:RX8AA', interaction: 'urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0', cda: cda.tree, username: 'user-7f3a', now: new Date(Date.UTC(2026, 5, 9, 13, 30)) });
        expect(await client.send(url, message.xml)).toEqual({ httpStatus: 200, answer: 'OK' });
      }
      expect(small.documents().map((d) => d.documentId.toLowerCase())).toEqual(ids.slice(1));
      expect(small.link(ids[0] ?? '').state).toBe('none');
      expect(small.link(ids[2] ?? '').state).toBe('document-only');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
