import { describe, expect, it } from 'vitest';
import { buildSspUrl, parseServiceRoot, sspHeaders, UnsafeServiceRootError } from '../../main/spine/ssp';

const SSP = 'https://proxy.spine.example.nhs.uk/';

describe('parseServiceRoot (SDS value is untrusted)', () => {
  it('accepts an https root', () => {
    expect(parseServiceRoot('https://provider.example.nhs.uk/fhir/').href).toBe('https://provider.example.nhs.uk/fhir/');
  });

  it.each([
    ['http://provider.example.nhs.uk/fhir', 'https'],
    ['ftp://provider.example.nhs.uk/fhir', 'https'],
    ['javascript:alert(1)', 'https'],
    ['https://user:pw@provider.example.nhs.uk/fhir', 'credentials'],
    ['https://provider.example.nhs.uk/fhir#frag', 'fragment'],
    ['https://provider.example.nhs.uk/fhir?x=1', 'query'],
    ['https://provider.example.nhs.uk/fhir/../admin', 'dot segments'],
    ['https://provider.example.nhs.uk/fh ir', 'characters'],
    ['https://provider.example.nhs.uk/fhir\r\nX-Evil: 1', 'characters'],
    ['https://provider.example.nhs.uk/<script>', 'characters'],
    ['https://provider.example.nhs.uk/"quoted"', 'characters'],
    ['', 'empty'],
    ['not a url', 'characters'],
    ['https:/%00', 'URL'],
    ['http://127.0.0.1:8080/fhir', 'https'],
  ])('refuses %j', (raw, why) => {
    expect(() => parseServiceRoot(raw)).toThrow(UnsafeServiceRootError);
    expect(() => parseServiceRoot(raw)).toThrow(new RegExp(why));
  });

  it('accepts http://127.0.0.1 only with allowInsecureLoopback', () => {
    expect(parseServiceRoot('http://127.0.0.1:8080/fhir', { allowInsecureLoopback: true }).port).toBe('8080');
    expect(() => parseServiceRoot('http://localhost:8080/fhir', { allowInsecureLoopback: true })).toThrow(/https/);
    expect(() => parseServiceRoot('http://10.0.0.1/fhir', { allowInsecureLoopback: true })).toThrow(/https/);
  });
});

describe('buildSspUrl', () => {
  const root = parseServiceRoot('https://provider.example.nhs.uk/fhir/');

  it('puts the service root after the SSP base and encodes the query', () => {
    const url = buildSspUrl(SSP, root, ['Slot'], {
      'schedule.actor:healthcareservice': '1000 & 1',
      start: ['ge2026-01-05T10:00:00.000Z', 'le2026-01-05T12:00:00.000Z'],
    });
    expect(url).toBe(
      'https://proxy.spine.example.nhs.uk/https://provider.example.nhs.uk/fhir/Slot?schedule.actor%3Ahealthcareservice=1000+%26+1&start=ge2026-01-05T10%3A00%3A00.000Z&start=le2026-01-05T12%3A00%3A00.000Z',
    );
  });

  it('encodes path segments so an id cannot climb the path', () => {
    expect(buildSspUrl(SSP, root, ['Appointment', '../../x?y'])).toBe(
      'https://proxy.spine.example.nhs.uk/https://provider.example.nhs.uk/fhir/Appointment/..%2F..%2Fx%3Fy',
    );
  });
});

describe('sspHeaders', () => {
  it('sets every header the standard asks for, Content-Type only with a body', () => {
    const h = sspHeaders({ ourAsid: '200000000001', providerAsid: '918999198738', interactionId: 'urn:x', jwt: 'a.b.', requestId: 'r-1', hasBody: false });
    expect(h).toMatchObject({
      'Ssp-From': '200000000001',
      'Ssp-To': '918999198738',
      'Ssp-InteractionID': 'urn:x',
      Authorization: 'Bearer a.b.',
      Accept: 'application/fhir+json',
      'Accept-Encoding': 'gzip',
      'X-Request-ID': 'r-1',
    });
    expect(h['Ssp-TraceID']).toMatch(/^[0-9a-f-]{36}$/);
    expect(h['Content-Type']).toBeUndefined();
    const withBody = sspHeaders({ ourAsid: 'a', providerAsid: 'b', interactionId: 'c', jwt: 'd', requestId: 'e', hasBody: true, ifMatch: 'W/"2"' });
    expect(withBody['Content-Type']).toBe('application/fhir+json;charset=utf-8');
    expect(withBody['If-Match']).toBe('W/"2"');
    expect(withBody['Ssp-TraceID']).not.toBe(h['Ssp-TraceID']);
  });
});
