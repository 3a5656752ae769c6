import type { Case } from '../../../../preload/contract';

/** "about a child" / "about an adult": the words the referral uses too. */
export const aboutWhom = (about: NonNullable<Case['outcome']['safeguarding']>['about']): string => (about === 'child' ? 'about a child' : 'about an adult');

/**
 * The safeguarding concern the assessment recorded, in the header every step of the case shows,
 * so no one books or refers without seeing it. One line; the whole text on hover and to a screen reader.
 */
export function SafeguardingLine({ concern }: { concern: Case['outcome']['safeguarding'] }) {
  if (concern === undefined) return null;
  const words = `${aboutWhom(concern.about)} — ${concern.detail}`;
  return (
    <div className="app-case-header__row" data-testid="safeguarding-concern">
      <span className="app-case-header__concern" title={words}>
        <strong className="nhsuk-tag nhsuk-tag--red">Safeguarding concern:</strong> {words}
      </span>
    </div>
  );
}
