import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { Case } from '../../preload/contract';

// The panel only calls main when saved; markup needs no bridge (its module reads window on load).
vi.mock('../../renderer/src/bridge/workstation', () => ({ workstation: {} }));
import { SafeguardingLine } from '../../renderer/src/screens/case/SafeguardingLine';
import { SafeguardingPanel } from '../../renderer/src/screens/case/SafeguardingPanel';

/** The case header's safeguarding line (what the clinician sees on every step of a case with a concern) and the case's panel to record one later. */
describe('the safeguarding concern in the case header', () => {
  it('says "Safeguarding concern:", whom it is about and the words recorded, escaped', () => {
    const html = renderToStaticMarkup(<SafeguardingLine concern={{ about: 'child', detail: 'Brother <4> left alone & hungry.', recordedAt: '2026-06-09T13:25:00.000Z' }} />);
    expect(html).toContain('Safeguarding concern:</strong> about a child — Brother &lt;4&gt; left alone &amp; hungry.');
    expect(renderToStaticMarkup(<SafeguardingLine concern={{ about: 'adult', detail: 'Fears her partner.', recordedAt: '2026-06-09T13:25:00.000Z' }} />)).toContain('about an adult — Fears her partner.');
  });

  it('shows nothing when no concern was recorded', () => {
    expect(renderToStaticMarkup(<SafeguardingLine concern={undefined} />)).toBe('');
  });
});

describe('the safeguarding panel on the case', () => {
  const panel = (safeguarding?: NonNullable<Case['outcome']['safeguarding']>): string =>
    renderToStaticMarkup(<SafeguardingPanel c={{ id: '11111111-1111-4111-8111-111111111111', outcome: { ...(safeguarding === undefined ? {} : { safeguarding }) } } as unknown as Case} onCase={() => undefined} />);

  it('says none is recorded and offers to record one, choosing nothing for the clinician', () => {
    const html = panel();
    expect(html).toContain('None recorded.');
    expect(html).toContain('Record a safeguarding concern');
    expect(html).not.toContain('checked');
  });

  it('says when the recorded one was recorded (UK time) and whom it is about, and offers to change it', () => {
    const html = panel({ about: 'adult', detail: 'Fears her partner.', recordedAt: '2026-06-09T13:25:00.000Z' });
    expect(html).toContain('Recorded Tue, 9 Jun 2026, 14:25, about an adult (shown at the top of the case).');
    expect(html).toContain('Change the concern');
  });
});
