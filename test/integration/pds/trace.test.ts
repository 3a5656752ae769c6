/**
 * Issue 19, item 5: each PDS case against the embedded stand-in, through the client, the tracer and
 * the trace service the app uses — what the clinician is shown, and what main keeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceAnswer, TracedPatient } from '../../../preload/contract';
import { startSandbox, type SandboxHandle } from '../../../main/sandbox';
import { patientWithNhsNumber } from '../../support/patients';
import { Patient } from '../../../preload/contract';
import { traceService } from './support';

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ pdsAcceptToken: (t) => t === 'test-user-token' });
});
afterAll(async () => sandbox.close());

function matched(answer: TraceAnswer): { patient: TracedPatient; notices: string[] } {
  if (answer.kind !== 'matched') throw new Error(`expected a match, got ${answer.kind}`);
  return answer;
}

/** Words a clinician must never be shown: the API's codes and HTTP details. */
const TECHNICAL = /TOO_MANY_MATCHES|RESOURCE_NOT_FOUND|ACCESS_DENIED|\b[45]\d\d\b|OperationOutcome|Bundle|timeout|ECONNREFUSED/i;

describe('tracing a patient on PDS (the stand-in)', () => {
  it('finds the normal test patient by search and shows name, date of birth, gender, address, GP and NHS number', async () => {
    const { service, audit } = traceService(sandbox.pds.baseUrl);
    const { patient, notices } = matched(await service.search({ family: 'Smith', given: 'Jane', birthDate: '2010-10-22', gender: 'female' }));
    expect(patient).toMatchObject({
      nhsNumber: '9000000009',
      title: 'Mrs',
      given: 'Jane',
      family: 'Smith',
      birthDate: '2010-10-22',
      gender: 'female',
      address: { lines: ['1 Trevelyan Square', 'Boar Lane', 'City Centre', 'Leeds', 'West Yorkshire'], postcode: 'LS1 6AE' },
      gp: { odsCode: 'Y12345' },
      restricted: false,
    });
    expect(patient.deceasedOn).toBeUndefined();
    expect(notices).toEqual([]);
    expect(audit.events.at(-1)).toMatchObject({ type: 'patient.pds-trace', outcome: 'matched', detail: { how: 'search', nhsNumber: '9000000009' } });
  });

  it('retrieves the same patient by NHS number', async () => {
    const { service } = traceService(sandbox.pds.baseUrl);
    expect(matched(await service.retrieve('9000000009')).patient).toMatchObject({ nhsNumber: '9000000009', family: 'Smith' });
  });

  it('says plainly when no one matches, by search and by NHS number', async () => {
    const { service } = traceService(sandbox.pds.baseUrl);
    const search = await service.search({ family: 'Nobody', birthDate: '1970-01-01' });
    expect(search.kind).toBe('no-match');
    if (search.kind === 'no-match') expect(search.message).toMatch(/found no patient with these details/);
    const retrieve = await service.retrieve('9434765919');
    expect(retrieve).toEqual({ kind: 'no-match', message: expect.stringContaining('no patient with NHS number 943 476 5919') as string });
  });

  it('says there are too many matches, and a narrower search finds one', async () => {
    const { service } = traceService(sandbox.pds.baseUrl);
    const broad = await service.search({ family: 'Taylor', given: 'Sam', birthDate: '1990-01-01' });
    expect(broad.kind).toBe('too-many');
    if (broad.kind === 'too-many') {
      expect(broad.message).toMatch(/more than one patient/);
      expect(broad.message).not.toMatch(TECHNICAL);
    }
    expect(matched(await service.search({ family: 'Taylor', given: 'Sam', birthDate: '1990-01-01', gender: 'male' })).patient.nhsNumber).toBe('9000000076');
  });

  it('a restricted record shows no address, contact or GP, and says why', async () => {
    const { service } = traceService(sandbox.pds.baseUrl);
    const { patient, notices } = matched(await service.search({ family: 'Smythe', given: 'Janet', birthDate: '2005-06-16' }));
    expect(patient).toMatchObject({ nhsNumber: '9000000025', restricted: true });
    expect(patient.address).toBeUndefined();
    expect(patient.gp).toBeUndefined();
    expect(notices.join(' ')).toMatch(/restricted record/);
    // As the API: a search with a postcode never returns a restricted patient.
    expect((await service.search({ family: 'Smythe', birthDate: '2005-06-16', postcode: 'LS1 6AE' })).kind).toBe('no-match');
  });

  it('a superseded NHS number answers with the current one, and the clinician is told', async () => {
    const { service } = traceService(sandbox.pds.baseUrl);
    const { patient, notices } = matched(await service.retrieve('9000000033'));
    expect(patient).toMatchObject({ nhsNumber: '9000000041', supersededNhsNumber: '9000000033', family: 'Hughes' });
    expect(notices).toContain('NHS number 900 000 0033 has been replaced by 900 000 0041. The case will use the new number.');
  });

  it('a deceased patient is said clearly, and a case cannot be started with that trace', async () => {
    const { service } = traceService(sandbox.pds.baseUrl);
    const { patient, notices } = matched(await service.search({ family: 'Grey', birthDate: '1931-07-02' }));
    expect(patient.deceasedOn).toBe('2024-03-12');
    expect(notices[0]).toMatch(/died on 12 March 2024\. You cannot start a case with this record/);
    expect(() => service.apply(Patient.parse(patientWithNhsNumber()), patient.traceId)).toThrow(/died/);
  });

  it('a traced patient is used as PDS said it: the NHS number, verified, and the trace', async () => {
    const { service } = traceService(sandbox.pds.baseUrl);
    const { patient } = matched(await service.retrieve('9000000033'));
    const typed = Patient.parse(patientWithNhsNumber({ nhsNumber: '9434765919', nhsNumberVerified: false }));
    const used = service.apply(typed, patient.traceId);
    expect(used).toMatchObject({ nhsNumber: '9000000041', nhsNumberVerified: true, family: 'Hughes', trace: { state: 'traced', restricted: false, supersededNhsNumber: '9000000033' } });
    expect(service.apply(typed, undefined).trace).toEqual({ state: 'not-traced' });
    expect(() => service.apply(typed, '00000000-0000-4000-8000-000000000000')).toThrow(/too old/);
  });

  it('a restricted trace keeps only the postcode of where the patient is now', async () => {
    const { service } = traceService(sandbox.pds.baseUrl);
    const { patient } = matched(await service.retrieve('9000000025'));
    const used = service.apply(Patient.parse(patientWithNhsNumber()), patient.traceId);
    expect(used.address).toEqual({ lines: [], postcode: 'LS6 2QA', withheld: true });
    expect(Patient.safeParse(used).success).toBe(true);
  });
});

describe('when PDS cannot be used, the clinician can go on untraced', () => {
  const unavailable = (answer: TraceAnswer): string => {
    if (answer.kind !== 'unavailable') throw new Error(`expected unavailable, got ${answer.kind}`);
    expect(answer.message).toMatch(/continue without tracing/i);
    expect(answer.message).not.toMatch(TECHNICAL);
    return answer.message;
  };
  const search = { family: 'Smith', birthDate: '2010-10-22' } as const;

  it('PDS unreachable', async () => {
    const { service, audit } = traceService('http://127.0.0.1:9/personal-demographics/FHIR/R4');
    expect(unavailable(await service.search(search))).toMatch(/could not be reached/);
    expect(audit.events.at(-1)).toMatchObject({ outcome: 'unavailable', detail: { reason: 'network' } });
  });

  it('a token PDS refuses (the stand-in checks it with the injected function): the user is told to sign in again', async () => {
    const { service, audit } = traceService(sandbox.pds.baseUrl, { accessToken: () => Promise.resolve('someone-else') });
    expect(unavailable(await service.search(search))).toMatch(/sign-in has ended.*sign in again/);
    expect(audit.events.at(-1)).toMatchObject({ outcome: 'unavailable', httpStatus: 401, detail: { reason: 'unauthorised' } });
  });

  it('no signed-in session to ask with', async () => {
    const { service } = traceService(sandbox.pds.baseUrl, { accessToken: () => Promise.reject(new Error('no session')) });
    expect(unavailable(await service.search(search))).toMatch(/signed in/);
  });

  it.each([
    ['server-error', /has a problem/],
    ['not-json', /could not read/],
    ['not-fhir', /could not read/],
    ['huge', /could not read/],
  ] as const)('PDS answering %s', async (fault, said) => {
    sandbox.pds.setFault(fault);
    try {
      const { service } = traceService(sandbox.pds.baseUrl);
      expect(unavailable(await service.retrieve('9000000009'))).toMatch(said);
    } finally {
      sandbox.pds.setFault(undefined);
    }
  });

  it('the client refuses a huge answer without reading it all', async () => {
    sandbox.pds.setFault('huge');
    try {
      const { client } = traceService(sandbox.pds.baseUrl, { maxResponseBytes: 64 * 1024 });
      expect(await client.search(search)).toEqual({ kind: 'failed', reason: 'too-large', status: 200 });
    } finally {
      sandbox.pds.setFault(undefined);
    }
  });

  it('PDS not answering in time', async () => {
    sandbox.pds.setFault('slow');
    try {
      const { service } = traceService(sandbox.pds.baseUrl, { timeoutMs: 1000 });
      expect(unavailable(await service.search(search))).toMatch(/did not answer in time/);
    } finally {
      sandbox.pds.setFault(undefined);
    }
  });
});

describe('the stand-in asks for what the PDS API asks for', () => {
  const get = (headers: Record<string, string>) => fetch(`${sandbox.pds.baseUrl}/Patient/9000000009`, { headers });
  const all = { authorization: 'Bearer test-user-token', 'x-request-id': '60E0B220-8136-4CA5-AE46-1D97EF59D068', 'nhsd-session-urid': '555254242106' };

  it('a Bearer token, X-Request-ID and NHSD-Session-URID', async () => {
    expect((await get(all)).status).toBe(200);
    const { authorization: _a, ...noToken } = all;
    expect((await get(noToken)).status).toBe(401);
    expect(((await (await get({ ...all, authorization: 'Bearer someone-else' })).json()) as { issue: unknown[] }).issue).toEqual([
      {
        severity: 'error',
        code: 'forbidden',
        details: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/Spine-ErrorOrWarningCode', version: '1', code: 'ACCESS_DENIED', display: 'Access Denied - Unauthorised' }] },
        diagnostics: 'Invalid Access Token',
      },
    ]);
    const { 'x-request-id': _r, ...noRequestId } = all;
    expect((await get(noRequestId)).status).toBe(412);
    const { 'nhsd-session-urid': _u, ...noUrid } = all;
    expect((await get(noUrid)).status).toBe(400);
  });

  it('answers "too many matches" as PDS does: an OperationOutcome with HTTP 200', async () => {
    const res = await fetch(`${sandbox.pds.baseUrl}/Patient?family=Taylor&birthdate=eq1990-01-01&_max-results=1`, { headers: all });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ details: { coding: [{ code: 'TOO_MANY_MATCHES' }] } }] });
  });
});
