import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../main/app/create-app';
import { Settings } from '../../main/config';
import { problemsFrom } from '../../main/config/problems';
import { silentLogger } from '../../main/log/logger';

const problems = (raw: unknown) => {
  const r = Settings.safeParse(raw);
  return r.success ? [] : problemsFrom(r.error);
};

describe('configuration problems in plain words', () => {
  it('says what is missing, what type is expected and which setting is unknown, with no zod jargon', () => {
    const found = problems({ mode: 'sandbox', timeouts: { bookMs: 'twenty' }, colour: 'blue', dispositions: [] });
    expect(found).toEqual([
      { field: 'timeouts.bookMs', message: 'must be a number' },
      { field: 'dispositions', message: 'needs at least 1 entry' },
      { field: '(whole file)', message: '"colour" is not a setting this version knows: check the spelling, or remove it' },
    ]);
    expect(problems({ mode: 'live' })).toContainEqual({ field: 'organisation', message: 'is missing: add it to the settings file' });
    expect(problems({ mode: 'liev' })).toEqual([{ field: 'mode', message: 'must be "sandbox" or "live"' }]);
    for (const p of [...problems({ mode: 'live', asid: 5, dos: { url: 'x' } }), ...problems({ mode: 'sandbox', logLevel: 'loud' })]) {
      expect(p.message).not.toMatch(/^Invalid|expected .*received|ZodError/);
    }
  });

  it('shows an unusable settings file that says live as LIVE, never as SANDBOX', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-live-problem-'));
    const settingsFile = join(dir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ mode: 'live', asid: 'not-an-asid' }));
    const app = await createApp({ dataDir: dir, settingsFile, logger: silentLogger() });
    expect(app.session.environment).toBe('LIVE');
    expect(app.session.configProblems?.length).toBeGreaterThan(0);
    await app.close();
  });
});
