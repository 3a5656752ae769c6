import { useEffect, useRef } from 'react';
import type { Unsent } from '../app/unsent';

/**
 * A move would drop text the clinician typed and did not send: one plain question, what was
 * typed shown, and both answers a button. Nothing is dropped without being asked.
 */
export function LeaveQuestion({ items, onStay, onLeave }: { items: readonly Unsent[]; onStay: () => void; onLeave: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, [items]);
  return (
    <div className="nhsuk-warning-callout app-compact-callout" data-testid="leave-question">
      <h2 className="nhsuk-warning-callout__label" ref={headingRef} tabIndex={-1}>
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>What you typed has not been sent
        </span>
      </h2>
      <p>Leaving now drops it. This is what you typed:</p>
      <ul className="nhsuk-list">
        {items.map((item) => (
          <li key={item.what} data-testid="leave-item">
            <strong>{item.what}:</strong> <span className="app-notes-preview">{item.text}</span>
          </li>
        ))}
      </ul>
      <div className="app-actions">
        <button type="button" className="nhsuk-button" onClick={onStay} data-testid="leave-stay">
          Go back to it
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onLeave} data-testid="leave-anyway">
          Leave without it
        </button>
      </div>
    </div>
  );
}
