import type { Ref } from 'react';
import type { Unsent } from '../../app/unsent';

/**
 * The close held: text was typed that closing would leave out. One plain question, every piece
 * of it shown as typed, and each answer a button; notes can be saved on the way.
 */
export function TypedNotSentQuestion({
  typed,
  headingRef,
  busy,
  onSaveNotesAndClose,
  onCloseWithout,
  onCancel,
}: {
  typed: readonly Unsent[];
  headingRef: Ref<HTMLHeadingElement>;
  busy: boolean;
  /** Offered only when unsaved notes are among what was typed. */
  onSaveNotesAndClose: (() => void) | undefined;
  onCloseWithout: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="nhsuk-warning-callout app-compact-callout" data-testid="close-typed-question">
      <h3 className="nhsuk-warning-callout__label" ref={headingRef} tabIndex={-1}>
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>What you typed has not been saved or sent
        </span>
      </h3>
      <p>Closing the case now leaves it out. This is what you typed:</p>
      <ul className="nhsuk-list">
        {typed.map((item) => (
          <li key={item.what} data-testid="close-typed-item">
            <strong>{item.what}:</strong> <span className="app-notes-preview">{item.text}</span>
          </li>
        ))}
      </ul>
      <div className="app-actions">
        {onSaveNotesAndClose !== undefined && (
          <button type="button" className="nhsuk-button" disabled={busy} onClick={onSaveNotesAndClose} data-testid="close-save-notes">
            Save the notes and close the case
          </button>
        )}
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={onCloseWithout} data-testid="close-without-typed">
          Close the case without it
        </button>
        <button type="button" className="app-link-button" onClick={onCancel} data-testid="close-keep-open">
          Do not close the case
        </button>
      </div>
    </div>
  );
}
