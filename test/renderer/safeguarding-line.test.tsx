import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SafeguardingLine } from '../../renderer/src/screens/case/SafeguardingLine';

/** The case header's safeguarding line: what the clinician sees on every step of a case with a concern. */
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
