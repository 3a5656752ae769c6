import { useState } from 'react';
import type { Case } from '../../../../preload/contract';
import { useApp } from '../../app/navigation';
import { workstation } from '../../bridge/workstation';
import { actionOf } from '../../booking/case-actions';
import { BookingActions } from '../../booking/BookingActions';
import { useResult } from '../../hooks/useResult';
import { ErrorMessage } from '../../shell/ErrorMessage';

/**
 * Cancel or rebook a found appointment, as its case allows now (main decides; its reason shows
 * when not). A case made on another desk is copied from the organisation record first.
 */
export function MatchActions({ bookingId, caseId, onThisDesk }: { bookingId: string; caseId: string; onThisDesk: boolean }) {
  const { navigate } = useApp();
  const loaded = useResult(() => workstation.booking.openFound({ caseId }));
  const [current, setCurrent] = useState<Case | undefined>(undefined);
  if (loaded.state === 'loading') {
    return (
      <p role="status" aria-busy="true" className="nhsuk-body">
        {onThisDesk ? 'Opening the case…' : 'Copying the case from the organisation record…'}
      </p>
    );
  }
  if (loaded.state === 'error') return <ErrorMessage error={loaded.error} title="The case could not be opened" />;
  const c = current ?? loaded.value;
  const booking = c.bookings.find((b) => b.id === bookingId);
  if (booking === undefined) return null;
  const cancel = actionOf(c, 'cancel', bookingId);
  const rebook = actionOf(c, 'rebook', bookingId);
  return (
    <>
      <p className="nhsuk-body" data-testid="find-live-status" data-booking-status={booking.status}>
        Now: <strong>{booking.statusText}</strong>
      </p>
      <BookingActions booking={booking} onCase={setCurrent} {...(cancel !== undefined ? { cancel } : {})} {...(rebook !== undefined ? { rebook } : {})} />
      <button type="button" className="app-link-button" onClick={() => navigate({ screen: 'case', caseId })}>
        Open the case
      </button>
    </>
  );
}
