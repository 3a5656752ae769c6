import { useEffect, useRef } from 'react';
import '../styles/shortcuts.css';

/** Every keyboard shortcut the app answers to, in the words of the screens they work on. */
const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: '?', what: 'Show this list (not while typing in a field)' },
  { keys: 'Alt+1', what: 'Cases' },
  { keys: 'Alt+2', what: 'New case' },
  { keys: 'Alt+3', what: 'Find a booking' },
  { keys: 'Alt+4', what: 'Reports' },
  { keys: 'Tab, Shift+Tab', what: 'Next or previous control; each step of a case starts at its heading' },
  { keys: 'Enter or Space', what: 'Press the focused button; in the appointment list, choose the focused appointment' },
  { keys: 'Up, Down', what: 'Previous or next appointment in the list' },
  { keys: 'Page Up, Page Down', what: 'Eight appointments up or down' },
  { keys: 'Home, End', what: 'First or last appointment' },
  { keys: 'Escape', what: 'Close this list' },
];

/** A key typed into a field is text, never a shortcut: "?" is a common character in clinical notes. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/**
 * "?" opens the list of keyboard shortcuts as a modal dialog; Escape or Close shuts it and the
 * browser returns focus to where it was, so the call carries on from the same place.
 */
export function ShortcutsOverlay() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      const dialog = ref.current;
      if (dialog === null || dialog.open) return;
      event.preventDefault();
      dialog.showModal();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <dialog ref={ref} className="app-shortcuts" aria-labelledby="shortcuts-heading" data-testid="shortcuts">
      <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
      <table className="nhsuk-table app-shortcuts__table">
        <caption className="nhsuk-u-visually-hidden">Keys and what they do</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => ref.current?.close()}>
        Close
      </button>
    </dialog>
  );
}
