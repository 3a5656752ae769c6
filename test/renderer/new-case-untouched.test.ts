import { describe, expect, it } from 'vitest';
import { emptyDraft, isUntouched } from '../../renderer/src/screens/new-case/draft';

/** A form merely opened is not kept, so it is never offered back to the next call as someone's. */
describe('an untouched new-case form', () => {
  it('is untouched whatever its start time', () => {
    expect(isUntouched(emptyDraft('2026-06-09T14:30'))).toBe(true);
    expect(isUntouched(emptyDraft('2026-12-06T02:07'))).toBe(true);
  });

  it('is touched by any one thing typed or chosen', () => {
    const d = () => emptyDraft('2026-06-09T14:30');
    const touched = [
      { ...d(), given: 'A' },
      { ...d(), dispositionCode: 'Dx05' },
      { ...d(), birthDate: { day: '1', month: '', year: '' } },
      { ...d(), address: { ...d().address, postcode: 'LS1' } },
      { ...d(), notes: 'x' },
      { ...d(), changeStart: true },
      { ...d(), numbers: d().numbers.map((n) => ({ ...n, rank: '1' })) },
      { ...d(), pathways: { sgCode: '1011', sgText: '', sdCode: '', sdText: '' } },
      { ...d(), pdsTrace: { traceId: 't', nhsNumber: '9000000009', restricted: false } },
    ];
    for (const draft of touched) expect(isUntouched(draft)).toBe(false);
  });
});
