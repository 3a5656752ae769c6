/** Issue 19, item 8: the PDS settings are checked like every other: https in live, bounded timeouts, nothing unknown. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../main/config';
import { liveSettings } from '../support/live-settings';

const dir = mkdtempSync(join(tmpdir(), 'bw-pds-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const load = (content: unknown) => {
  const path = join(dir, `s-${String(++n)}.json`);
  writeFileSync(path, JSON.stringify(content));
  return loadSettings(path);
};
const problems = (content: unknown): Record<string, string> => {
  const loaded = load(content);
  if (loaded.ok) throw new Error('expected problems');
  return Object.fromEntries(loaded.problems.map((p) => [p.field, p.message]));
};

const live = liveSettings();
const PDS = 'https://api.service.nhs.uk/personal-demographics/FHIR/R4';

describe('PDS settings', () => {
  it('live: an https base URL with a default timeout; absent means no tracing', () => {
    const loaded = load({ ...live, pds: { baseUrl: PDS } });
    expect(loaded.ok && loaded.settings.mode === 'live' && loaded.settings.pds).toEqual({ baseUrl: PDS, timeoutMs: 8000 });
    const none = load(live);
    expect(none.ok && none.settings.mode === 'live' && none.settings.pds).toBeUndefined();
  });

  it('live refuses plain http, credentials in the URL, a silly timeout and unknown fields', () => {
    expect(problems({ ...live, pds: { baseUrl: 'http://api.service.nhs.uk/personal-demographics/FHIR/R4' } })['pds.baseUrl']).toBe('must be an https:// URL');
    expect(problems({ ...live, pds: { baseUrl: 'https://me:secret@api.service.nhs.uk/pds' } })['pds.baseUrl']).toMatch(/must not contain a user name or password/);
    expect(Object.keys(problems({ ...live, pds: { baseUrl: PDS, timeoutMs: 500 } }))).toContain('pds.timeoutMs');
    expect(Object.keys(problems({ ...live, pds: { baseUrl: PDS, retries: 3 } })).join(' ')).toMatch(/pds/);
  });

  it('sandbox: the embedded stand-in by default, or a PDS on this machine, never plain http elsewhere', () => {
    const loaded = load({ mode: 'sandbox' });
    expect(loaded.ok && loaded.settings.mode === 'sandbox' && loaded.settings.pds).toEqual({ timeoutMs: 8000 });
    expect(load({ mode: 'sandbox', pds: { baseUrl: 'http://127.0.0.1:4010/personal-demographics/FHIR/R4' } }).ok).toBe(true);
    expect(problems({ mode: 'sandbox', pds: { baseUrl: 'http://pds.example.com/FHIR/R4' } })['pds.baseUrl']).toBeDefined();
  });
});
