/** Settings that used to be accepted silently: a typo, a repeated code, a URL that is not what it looks like. */
import { describe, expect, it } from 'vitest';
import { Settings } from '../../main/config';
import { problemsFrom } from '../../main/config/problems';
import { liveSettings } from '../support/live-settings';

const problemsOf = (raw: unknown): Record<string, string> => {
  const parsed = Settings.safeParse(raw);
  return parsed.success ? {} : Object.fromEntries(problemsFrom(parsed.error).map((p) => [p.field, p.message]));
};

const live = liveSettings('/etc/bw', '/');

describe('settings this version does not know', () => {
  it('names a misspelt timeout instead of quietly using the default', () => {
    expect(problemsOf({ mode: 'sandbox', timeouts: { slotSearchMS: 5000 } }).timeouts).toBe(
      '"slotSearchMS" is not a setting this version knows: check the spelling, or remove it',
    );
  });

  it('names an unknown key inside tls, a disposition and the other groups', () => {
    const found = problemsOf({
      ...live,
      tls: { ...live.tls, keyPassword: 'hunter2' },
      dispositions: [{ code: 'Dx05', text: 'Within 2 hours', timeframeMinutes: 120, urgent: true }],
      dos: { ...live.dos, searchDistanceKM: 10 },
      caseScreen: { compareService: 3 },
      jwt: { issuer: 'https://bw.example', signing: { alg: 'RS256', keyPath: '/k', passphrase: 'x' } },
    });
    expect(found.tls).toContain('"keyPassword" is not a setting');
    expect(found['dispositions.0']).toContain('"urgent" is not a setting');
    expect(found.dos).toContain('"searchDistanceKM"');
    expect(found.caseScreen).toContain('"compareService"');
    expect(found['jwt.signing']).toContain('"passphrase"');
  });

  it('still accepts a complete live file', () => {
    expect(problemsOf(live)).toEqual({});
  });
});

describe('dispositions', () => {
  it('names a disposition code listed twice, which would give cases whichever timeframe came first', () => {
    const found = problemsOf({
      mode: 'sandbox',
      dispositions: [
        { code: 'Dx05', text: 'Within 2 hours', timeframeMinutes: 120 },
        { code: 'Dx06', text: 'Within 6 hours', timeframeMinutes: 360 },
        { code: 'Dx05', text: 'Within 12 hours', timeframeMinutes: 720 },
      ],
    });
    expect(found['dispositions.2.code']).toBe('repeats the code Dx05 of dispositions.0: each disposition code may be listed once');
  });
});

describe('URLs', () => {
  it('names an https URL with a line break or tab in it, which the parser would quietly join into another address', () => {
    const found = problemsOf({ ...live, ssp: { baseUrl: 'https://proxy.spine.example.nhs.uk\n.evil.example' }, itk: { endpointOverride: 'https://itk.example/\tin' } });
    expect(found['ssp.baseUrl']).toBe('must be one web address with no spaces, tabs or line breaks in it');
    expect(found['itk.endpointOverride']).toBe('must be one web address with no spaces, tabs or line breaks in it');
  });

  it('refuses javascript:, file: and data: as the JWT issuer or device identifier system', () => {
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x']) {
      const found = problemsOf({ mode: 'sandbox', jwt: { issuer: bad }, device: { system: bad } });
      expect(found['jwt.issuer']).toBe('must be an https://, http:// or urn: identifier');
      expect(found['device.system']).toBe('must be an https://, http:// or urn: identifier');
    }
    expect(problemsOf({ mode: 'sandbox', jwt: { issuer: 'urn:oid:2.16.840.1.113883.2.1.4.1' }, device: { system: 'https://fhir.nhs.uk/Id/device' } })).toEqual({});
  });
});
