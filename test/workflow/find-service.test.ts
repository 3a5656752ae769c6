import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../main/app/create-app';
import { silentLogger } from '../../main/log/logger';
import { likePrefix } from '../../main/workflow/find-terms';
import { caseReference } from '../../main/workflow/references';
import type { FindResult } from '../../preload/contract';
import { bookOnDesk } from '../support/desk-flow';
import { dispatcher } from '../support/dispatch';
import { patientWithNhsNumber } from '../support/patients';

describe('Find without an organisation record: this desk only, no banner', () => {
  let app: App;
  const { call, ok } = dispatcher(() => app);
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bw-find-'));
    app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger(), workstation: 'DESK-SOLO' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('finds by every key, saying this desk and its user made the booking, with no banner', async () => {
    const { booking } = await bookOnDesk(app, patientWithNhsNumber({ family: 'Ravensworth' }));
    const queries: Record<string, string>[] = [
      { nhsNumber: '943 476 5919' },
      { family: 'raven', birthDate: '1958-04-17' },
      { phone: '+44 113 496 0000' },
      { reference: booking.appointmentId ?? 'missing' },
      { reference: caseReference(booking.caseId).toLowerCase() },
    ];
    for (const query of queries) {
      const found = await ok<FindResult>('booking:find', query);
      expect(found.searched, JSON.stringify(query)).toBe('this-desk');
      expect(found.unreachable).toBeUndefined();
      expect(found.matches.map((m) => [m.booking.id, m.madeBy, m.onThisDesk]), JSON.stringify(query)).toEqual([
        [booking.id, { workstation: 'DESK-SOLO', userId: app.session.user.localUserId }, true],
      ]);
    }
    expect((await ok<FindResult>('booking:find', { family: 'avensworth', birthDate: '1958-04-17' })).matches).toEqual([]);
  });

  it('refuses, with a plain message, a search that would search wrongly', async () => {
    const refused = async (query: Record<string, string>): Promise<string> => {
      const result = await call('booking:find', query);
      if (result.ok) throw new Error(`${JSON.stringify(query)} was searched`);
      expect(result.error.code).toBe('invalid-request');
      return `${result.error.message} ${result.error.detail ?? ''}`;
    };
    expect(await refused({ nhsNumber: '9434765918' })).toContain('That NHS number is not valid.');
    expect(await refused({ phone: '12' })).toContain('That phone number is too short.');
    // The contract itself says what is wrong, field by field.
    expect(await refused({ family: 'Ravensworth' })).toContain('a family name is searched together with the date of birth');
    expect(await refused({ family: 'R', birthDate: '1958-04-17' })).toContain('give at least 2 letters of the family name');
  });
});

describe('likePrefix', () => {
  it('matches exactly the names that start with what was typed, wildcards included', () => {
    const like = (pattern: string, value: string): boolean => {
      // SQL LIKE with `\` as the escape, as both stores run it.
      let re = '';
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i] ?? '';
        if (c === '\\') re += (pattern[++i] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        else if (c === '%') re += '.*';
        else if (c === '_') re += '.';
        else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      return new RegExp(`^${re}$`, 's').test(value);
    };
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('A', 'B', '%', '_', '\\') }), fc.string({ unit: fc.constantFrom('A', 'B', '%', '_', '\\') }), (typed, name) => {
        expect(like(likePrefix(typed), name)).toBe(name.startsWith(typed));
      }),
    );
  });
});
