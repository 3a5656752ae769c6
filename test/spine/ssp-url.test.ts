import { describe, expect, it } from 'vitest';
import { buildSspUrl, canonicalServiceRoot, parseServiceRoot, sspHeaders, UnsafeServiceRootError } from '../../main/spine/ssp';

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
    ['https://provider.example.nhs.uk/fhir/%2e%2E/admin', 'dot segments'],
    ['https://provider.example.nhs.uk/fhir\r\nX-Evil: 1', 'control characters'],
    ['https://provider.example.nhs.uk/fh\tir', 'control characters'],
    ['https://provider.example.nhs.uk/fhir\u0000', 'control characters'],
    ['https://provider.example.nhs.uk/fhir\u0085', 'control characters'],
    ['https://provider.example.nhs.uk\\@evil.example/fhir', 'backslash'],
    ['https://provider example.nhs.uk/fhir', 'not a URL'],
    ['http://provider.example.nhs.uk/fh ir', 'https'],
    ['', 'empty'],
    ['not a url', 'not a URL'],
    ['https:/%00', 'URL'],
    ['http://127.0.0.1:8080/fhir', 'https'],
  ])('refuses %j', (raw, why) => {
    expect(() => parseServiceRoot(raw)).toThrow(UnsafeServiceRootError);
    expect(() => parseServiceRoot(raw)).toThrow(new RegExp(why));
  });

  it.each([
    ['https://provider.example.nhs.uk/fhir booking/STU3', 'https://provider.example.nhs.uk/fhir%20booking/STU3'],
    ['https://provider.example.nhs.uk/<script>', 'https://provider.example.nhs.uk/%3Cscript%3E'],
    ['https://provider.example.nhs.uk/"quoted"/{x}', 'https://provider.example.nhs.uk/%22quoted%22/%7Bx%7D'],
    ['https://provider.example.nhs.uk/caf\u00e9', 'https://provider.example.nhs.uk/caf%C3%A9'],
    ['https://provider.example.nhs.uk/a|b^c[d]', 'https://provider.example.nhs.uk/a%7Cb%5Ec%5Bd%5D'],
    ['https://provider.example.nhs.uk/100%/x', 'https://provider.example.nhs.uk/100%25/x'],
    ['https://provider.example.nhs.uk/already%20encoded/', 'https://provider.example.nhs.uk/already%20encoded'],
  ])('C19: encodes what a URL may not hold as it is in %j, rather than refusing it', (raw, canonical) => {
    expect(canonicalServiceRoot(parseServiceRoot(raw))).toBe(canonical);
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

  it('C19: an SDS root with a space goes to the SSP encoded, the rest of the URL as before', () => {
    expect(buildSspUrl(SSP, parseServiceRoot('https://provider.example.nhs.uk/fhir booking/'), ['Slot'], { status: 'free' })).toBe(
      'https://proxy.spine.example.nhs.uk/https://provider.example.nhs.uk/fhir%20booking/Slot?status=free',
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
