import { useEffect, useState } from 'react';
import type { Booking } from '../../../preload/contract';
import { workstation } from '../bridge/workstation';
import { actedOn } from './outcome';

const RETRY_MS = 3000;
const MAX_ATTEMPTS = 20;

/**
 * "Checking whether the booking was made…": asks main to resolve a booking whose answer was
 * lost (the same X-Request-ID, so never a second booking) until it is booked or failed.
 */
export function CheckingBooking({ bookingId, onSettled }: { bookingId: string; onSettled: (b: Booking) => void }) {
  const [attempt, setAttempt] = useState(1);
  const [last, setLast] = useState<string | undefined>(undefined);
  const exhausted = attempt > MAX_ATTEMPTS;

  useEffect(() => {
    if (exhausted) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void workstation.booking.resolve({ bookingId }).then((result) => {
      if (!live) return;
      const b = result.ok ? actedOn(result.value) : undefined;
      if (b !== undefined && (b.status === 'booked' || b.status === 'failed' || b.status === 'cancelled')) {
        onSettled(b);
        return;
      }
      setLast(result.ok ? 'The service has not answered yet.' : result.error.message);
      timer = setTimeout(() => setAttempt((a) => a + 1), RETRY_MS);
    });
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [attempt, bookingId, exhausted, onSettled]);

  return (
    <div className="app-progress app-progress--column" role="status" aria-busy={!exhausted} data-testid="checking-booking">
      {!exhausted && <span className="app-spinner" aria-hidden="true" />}
      <div>
        <p className="nhsuk-body">
          <strong>{exhausted ? 'We still do not know whether the booking was made.' : 'Checking whether the booking was made…'}</strong>
        </p>
        <p className="nhsuk-body">
          The answer from the service was lost. Do not book again or tell the patient they are booked until this says so.
          {last !== undefined && ` Last check: ${last}`}
        </p>
        {exhausted && (
          <button type="button" className="nhsuk-button" onClick={() => setAttempt(1)}>
            Check again
          </button>
        )}
      </div>
    </div>
  );
}
