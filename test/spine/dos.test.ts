import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asidFromAddress,
  bookabilityOf,
  checkCapacitySummaryEnvelope,
  DirectoryError,
  DosClient,
  itkEndpointOf,
  parseCheckCapacitySummary,
  parseDelimitedEndpoint,
  parseServiceDetailsById,
  serviceDetailsByIdEnvelope,
} from '../../main/spine/dos';
import { openingAt } from '../../main/workflow/opening-now';
import type { DosService } from '../../main/workflow/ports';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/dos/${name}`, import.meta.url), 'utf8');
const capacity = { symptomGroup: 1011, symptomDiscriminators: [4003, 4004] };

describe('parseCheckCapacitySummary', () => {
  const services = parseCheckCapacitySummary(fixture('ccs-ranked.xml'));

  it('returns the ranked services in DoS order', () => {
    expect(services.map((s) => [s.id, s.rank])).toEqual([
      ['1001234567', 1],
      ['1002000111', 2],
      ['1003000222', 3],
      ['1004000333', 4],
    ]);
  });

  it('reads id, public name, type, ODS code, address and structured endpoints', () => {
    expect(services[0]).toMatchObject({
      id: '1001234567',
      name: 'Riverside Urgent Treatment Centre',
      typeName: 'Urgent Treatment Centre',
      odsCode: 'RR8A1',
      address: 'Riverside Hospital, 1 River Road, Leeds',
      postcode: 'LS1 4AP',
      requireBooking: 'true',
    });
    expect(services[0]?.endpoints[0]).toEqual({
      order: 1,
      transport: 'http',
      format: 'FHIR',
      interaction: 'Scheduling',
      businessScenario: 'Primary',
      address: 'ASID:012345678901',
      compression: 'uncompressed',
      comment: 'Booking via Care Connect',
    });
  });

  it('reads the older |-delimited endpoint string', () => {
    expect(services[1]?.endpoints).toEqual([
      { address: '918999198738', interaction: 'Scheduling', format: 'FHIR', businessScenario: 'Primary', transport: 'http', compression: 'uncompressed' },
      {
        address: 'https://itk.northside.example.nhs.uk/',
        interaction: 'urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0',
        format: 'CDA',
        businessScenario: 'Primary',
        transport: 'itk',
        compression: 'uncompressed',
      },
    ]);
  });

  it('reads requirebooking as absent, false or true', () => {
    expect(services.map((s) => s.requireBooking)).toEqual(['true', 'false', 'absent', 'absent']);
  });

  it('reads REQUIREAPPOINTMENT as booking only too, whichever of the two attributes says true', () => {
    const named = parseCheckCapacitySummary(fixture('ccs-requireappointment.xml'));
    expect(named.map((s) => [s.id, s.requireBooking])).toEqual([
      ['1005000444', 'true'],
      ['1006000555', 'false'],
      ['1007000666', 'true'],
    ]);
  });

  /** One CheckCapacitySummary service carrying `attributes` as DoS sends them (name/value pairs). */
  const withAttributes = (attributes: [string, string][]): string =>
    fixture('ccs-requireappointment.xml').replace(
      /<ns1:attributes>[\s\S]*?<\/ns1:attributes>/,
      `<ns1:attributes>${attributes.map(([n, v]) => `<ns1:ServiceAttribute><ns1:dataType>Boolean</ns1:dataType><ns1:name>${n}</ns1:name><ns1:value>${v}</ns1:value></ns1:ServiceAttribute>`).join('')}</ns1:attributes>`,
    );

  it.each([
    ['REQUIRESAPPOINTMENT', 'Y', 'true'],
    ['REQUIRESAPPOINTMENT', 'true', 'true'],
    ['REQUIRESAPPOINTMENT', 'TRUE', 'true'],
    ['requiresappointment', 'yes', 'true'],
    ['REQUIRESAPPOINTMENT', ' y ', 'true'],
    ['REQUIRESAPPOINTMENT', 'N', 'false'],
    ['REQUIRESAPPOINTMENT', 'false', 'false'],
    ['REQUIRESAPPOINTMENT', 'no', 'false'],
    ['REQUIRESAPPOINTMENT', '', 'false'],
    ['REQUIRESAPPOINTMENT', 'maybe', 'false'],
    ['REQUIREAPPOINTMENT', 'Y', 'true'],
    ['requirebooking', 'yes', 'true'],
    ['SOMETHINGELSE', 'Y', 'absent'],
  ])('reads the script\'s booking-only attribute %s=%j as %s (C2–C4)', (name, value, expected) => {
    expect(parseCheckCapacitySummary(withAttributes([[name, value]]))[0]?.requireBooking).toBe(expected);
  });

  it('reads the phone number a clinician calls: the non-public line before the public one, nothing that is not a number', () => {
    // Riverside lists only its public number; Northside a public and a professionals' line; Eastgate a note; Westfield nothing.
    expect(services.map((s) => s.phone)).toEqual(['0113 496 0001', '(0113) 496 0999', undefined, undefined]);
  });

  it.each([
    ['+44 113 496 0001', '+44 113 496 0001'],
    ['03069 990123', '03069 990123'],
    ['0113 496', undefined],
    ['reception@nhs.net', undefined],
    ['0113 496 0001 0002 0003', undefined],
  ])('a contactDetails of %j gives the phone %j', (raw, phone) => {
    const xml = fixture('ccs-ranked.xml').replace('<ns1:contactDetails>0113 496 0001</ns1:contactDetails>', `<ns1:contactDetails>${raw}</ns1:contactDetails>`);
    expect(parseCheckCapacitySummary(xml)[0]?.phone).toBe(phone);
  });

  it('decodes entities and keeps ids as strings', () => {
    expect(services[2]?.name).toBe('Eastgate Pharmacy & Minor Ailments');
    expect(typeof services[1]?.endpoints[0]?.address).toBe('string');
  });

  it.each([
    ['fault-auth.xml', /302.*Authentication Failed/],
    ['fault-soap11.xml', /Client.*Invalid postcode/],
    ['not-soap.html', /not a SOAP envelope/],
  ])('%s is a typed error', (name, message) => {
    expect(() => parseCheckCapacitySummary(fixture(name))).toThrow(message);
  });
});

describe('opening times from CheckCapacitySummary (rotaSessions, openTimeSpecifiedSessions)', () => {
  const [millbrook, moorside, hilltop, valley] = parseCheckCapacitySummary(fixture('ccs-opening-times.xml'));
  /** What the clinician reads beside the service at that UK moment. */
  const shown = (s: DosService | undefined, at: string): string | undefined =>
    openingAt({ ...(s?.openAllHours !== undefined ? { allHours: s.openAllHours } : {}), ...(s?.openingSessions !== undefined ? { sessions: s.openingSessions } : {}) }, new Date(at))?.text;

  it('reads each rota session in UK local time: several on one day, one past midnight, and dated ones; an unreadable date is left out', () => {
    expect(millbrook?.openAllHours).toBeUndefined();
    expect(millbrook?.openingSessions).toEqual([
      ...[1, 2, 3, 4, 5].map((d) => ({ days: [d], from: '18:30', to: '21:00' })),
      { days: [6], from: '09:00', to: '12:00' },
      { days: [6], from: '14:00', to: '18:00' },
      { days: [6], from: '22:00', to: '06:00' },
      { days: [5], from: '10:00', to: '14:00', date: '2026-12-25' },
      { days: [6], from: '10:00', to: '14:00', date: '2026-12-26' },
    ]);
  });

  it('says open now until when, or when it opens, from those sessions', () => {
    // Tue 9 Jun 2026 14:30 UK: evenings only on weekdays.
    expect(shown(millbrook, '2026-06-09T13:30:00Z')).toMatch(/^Closed now: opens Tue,? 9 Jun 2026, 18:30$/);
    expect(shown(millbrook, '2026-06-09T18:00:00Z')).toBe('Open now, until 21:00');
    // Saturday between its two daytime sessions, then in the one that crosses midnight, on both sides of it.
    expect(shown(millbrook, '2026-06-13T11:30:00Z')).toMatch(/^Closed now: opens Sat,? 13 Jun 2026, 14:00$/);
    expect(shown(millbrook, '2026-06-13T22:30:00Z')).toMatch(/^Open now, until Sun,? 14 Jun 2026, 06:00$/);
    expect(shown(millbrook, '2026-06-14T01:08:00Z')).toBe('Open now, until 06:00');
  });

  it('a dated session replaces the weekly ones of its day (Christmas Day opens 10:00 to 14:00, not the Friday evening)', () => {
    expect(shown(millbrook, '2026-12-25T12:00:00Z')).toBe('Open now, until 14:00');
    expect(shown(millbrook, '2026-12-25T19:00:00Z')).toMatch(/^Closed now: opens Sat,? 26 Dec 2026, 10:00$/);
    // The following Friday is an ordinary one again.
    expect(shown(millbrook, '2027-01-01T19:00:00Z')).toBe('Open now, until 21:00');
  });

  it('a session from Friday evening to Monday morning is open all weekend, until Monday 08:00', () => {
    expect(moorside?.openingSessions).toEqual([
      { days: [5], from: '18:00', to: '24:00' },
      { days: [6], from: '00:00', to: '24:00' },
      { days: [0], from: '00:00', to: '24:00' },
      { days: [1], from: '00:00', to: '08:00' },
    ]);
    // Saturday noon: it is open until Monday morning, and says so ("until 08:00" would read as tomorrow at the latest).
    expect(shown(moorside, '2026-06-13T11:00:00Z')).toMatch(/^Open now, until Mon,? 15 Jun 2026, 08:00$/);
    expect(shown(moorside, '2026-06-09T13:30:00Z')).toMatch(/^Closed now: opens Fri,? 12 Jun 2026, 18:00$/);
  });

  it('no opening times, or none readable (closed status, unknown day, no start time), is "not given": never open', () => {
    for (const s of [hilltop, valley]) {
      expect(s?.openingSessions).toBeUndefined();
      expect(s?.openAllHours).toBeUndefined();
      expect(shown(s, '2026-06-09T13:30:00Z')).toBeUndefined();
    }
  });
});

describe('parseServiceDetailsById', () => {
  it('reads one service', () => {
    const service = parseServiceDetailsById(fixture('sdbid-service.xml'));
    expect(service).toMatchObject({ id: '1001234567', odsCode: 'RR8A1', requireBooking: 'absent' });
    expect(service?.endpoints[0]?.address).toBe('012345678901');
  });
  it('returns undefined when DoS has no such service', () => {
    expect(parseServiceDetailsById(fixture('sdbid-empty.xml'))).toBeUndefined();
  });
});

describe('bookabilityOf (digest §1.1)', () => {
  const services = parseCheckCapacitySummary(fixture('ccs-ranked.xml'));
  const svc = (endpoints: DosService['endpoints']): DosService => ({ id: 'S1', name: 'S', rank: 1, requireBooking: 'absent', endpoints });

  it('one Scheduling endpoint → bookable with its ASID (prefixed or bare)', () => {
    expect(bookabilityOf(services[0] as DosService)).toMatchObject({ kind: 'bookable', asid: '012345678901' });
    expect(bookabilityOf(services[1] as DosService)).toMatchObject({ kind: 'bookable', asid: '918999198738' });
  });
  it('no Scheduling endpoint → not bookable', () => {
    expect(bookabilityOf(services[2] as DosService).kind).toBe('not-bookable');
    expect(bookabilityOf(svc([{ transport: 'itk', format: 'FHIR', interaction: 'Scheduling', address: 'ASID:012345678901' }])).kind).toBe('not-bookable');
  });
  it('two Scheduling endpoints → misconfigured, never a guess', () => {
    expect(bookabilityOf(services[3] as DosService)).toMatchObject({ kind: 'misconfigured' });
  });
  it('an address that is not an ASID → misconfigured', () => {
    expect(bookabilityOf(svc([{ transport: 'http', format: 'FHIR', interaction: 'Scheduling', address: 'ASID:12AB' }])).kind).toBe('misconfigured');
  });
  it.each([
    ['ASID:012345678901', '012345678901'],
    ['asid: 012345678901', '012345678901'],
    [' 012345678901 ', '012345678901'],
    ['ASID:0123456789', undefined],
    ['ASID:0123456789012', undefined],
    ['https://x', undefined],
    ['', undefined],
  ])('asidFromAddress(%j) → %s', (address, asid) => {
    expect(asidFromAddress(address)).toBe(asid);
  });
});

describe('itkEndpointOf', () => {
  it('picks the Primary ITK CDA endpoint', () => {
    const services = parseCheckCapacitySummary(fixture('ccs-ranked.xml'));
    expect(itkEndpointOf(services[0] as DosService)?.address).toBe('https://itk.riverside.example.nhs.uk/primary');
    expect(itkEndpointOf(services[1] as DosService)?.address).toBe('https://itk.northside.example.nhs.uk/');
    expect(itkEndpointOf(services[2] as DosService)).toBeUndefined();
  });
});

describe('parseDelimitedEndpoint', () => {
  it('refuses a string with too few fields', () => {
    expect(parseDelimitedEndpoint('ASID:1|Scheduling')).toBeUndefined();
  });
});

describe('SOAP envelopes', () => {
  const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false });
  it('puts the credentials in userInfo, escaped', () => {
    const xml = checkCapacitySummaryEnvelope({ username: 'nhs111', password: 'p<&>"w' }, { dispositionCode: 'Dx05', postcode: 'LS1 4AP', ageYears: 34, gender: 'female' }, capacity);
    const doc = parser.parse(xml) as { Envelope: { Body: { CheckCapacitySummary: { userInfo: Record<string, string>; c: Record<string, unknown> } } } };
    const op = doc.Envelope.Body.CheckCapacitySummary;
    expect(op.userInfo).toEqual({ username: 'nhs111', password: 'p<&>"w' });
    expect(op.c).toMatchObject({ postcode: 'LS1 4AP', age: '34', ageFormat: 'Years', disposition: '05', gender: 'F', symptomGroup: '1011' });
    expect(xml).not.toContain('p<&>');
  });
  it('CheckCapacitySummary searches by the case\'s own SG and SD when it has them, else by the settings\' defaults', () => {
    type C = { Envelope: { Body: { CheckCapacitySummary: { c: { symptomGroup: string; symptomDiscriminatorList: { int: string | string[] } } } } } };
    const c = (query: object): C['Envelope']['Body']['CheckCapacitySummary']['c'] =>
      (parser.parse(checkCapacitySummaryEnvelope({ username: 'u', password: 'p' }, { dispositionCode: 'Dx02', postcode: 'LS1 4AP', ...query }, capacity)) as C).Envelope.Body.CheckCapacitySummary.c;
    expect(c({ symptomGroup: 1010, symptomDiscriminators: [4389] })).toMatchObject({ symptomGroup: '1010', symptomDiscriminatorList: { int: '4389' } });
    expect(c({})).toMatchObject({ symptomGroup: '1011', symptomDiscriminatorList: { int: ['4003', '4004'] } });
  });
  it('ServiceDetailsById carries the service id', () => {
    const doc = parser.parse(serviceDetailsByIdEnvelope({ username: 'u', password: 'p' }, '1001234567')) as { Envelope: { Body: { ServiceDetailsById: { serviceId: string } } } };
    expect(doc.Envelope.Body.ServiceDetailsById.serviceId).toBe('1001234567');
  });
});

describe('DosClient over HTTP', () => {
  let server: Server;
  let url: string;
  let reply: (path: string) => { status: number; body: string; hang?: boolean };
  const seen: { body: string; headers: Record<string, unknown> }[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ body, headers: req.headers });
        const r = reply(req.url ?? '');
        if (r.hang === true) return;
        res.writeHead(r.status, { 'Content-Type': 'text/xml; charset=utf-8' }).end(r.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/app/api/webservices`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const client = (extra: { url?: string; timeoutMs?: number } = {}): DosClient =>
    new DosClient({
      url,
      username: 'nhs111',
      password: () => Promise.resolve('s3cret-Pa55'),
      capacity,
      logger: pino(new Writable({ write: (c: Buffer, _e, done) => (logs.push(c.toString()), done()) })),
      ...extra,
    });

  it('finds services and gets one', async () => {
    reply = () => ({ status: 200, body: fixture('ccs-ranked.xml') });
    expect(await client().findServices({ dispositionCode: 'Dx05', postcode: 'LS1 4AP' })).toHaveLength(4);
    expect(seen.at(-1)?.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(seen.at(-1)?.body).toContain('s3cret-Pa55');
    reply = () => ({ status: 200, body: fixture('sdbid-service.xml') });
    expect((await client().getService('1001234567'))?.id).toBe('1001234567');
    reply = () => ({ status: 200, body: fixture('sdbid-empty.xml') });
    expect(await client().getService('999')).toBeUndefined();
  });

  it('a SOAP fault on HTTP 500 → DirectoryError fault', async () => {
    reply = () => ({ status: 500, body: fixture('fault-auth.xml') });
    const error = await client().findServices({ dispositionCode: 'Dx05', postcode: 'LS1 4AP' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryError);
    expect(error).toMatchObject({ name: 'DirectoryError', kind: 'fault', faultCode: '302', code: 'directory-unavailable' });
  });

  it('HTTP 503 with HTML → DirectoryError unavailable', async () => {
    reply = () => ({ status: 503, body: fixture('not-soap.html') });
    await expect(client().getService('1')).rejects.toMatchObject({ kind: 'unavailable', httpStatus: 503 });
  });

  it('a 200 that is not SOAP → malformed', async () => {
    reply = () => ({ status: 200, body: fixture('not-soap.html') });
    await expect(client().getService('1')).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('a hang → timeout', async () => {
    reply = () => ({ status: 200, body: '', hang: true });
    await expect(client({ timeoutMs: 100 }).getService('1')).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('connection refused → unavailable', async () => {
    await expect(client({ url: 'http://127.0.0.1:1/x' }).getService('1')).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('never logs the password', () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('')).not.toContain('s3cret-Pa55');
  });
});
