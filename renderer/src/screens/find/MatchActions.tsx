import { useState } from 'react';
import type { Case } from '../../../../preload/contract';
import { workstation } from '../../bridge/workstation';
import { actionOf } from '../../booking/case-actions';
import { BookingActions } from '../../booking/BookingActions';
import { useResult } from '../../hooks/useResult';

/** Cancel or rebook a found appointment, as its case allows now (main decides; its reason shows when not). */
export function MatchActions({ bookingId, caseId }: { bookingId: string; caseId: string }) {
  const loaded = useResult(() => workstation.case.get({ caseId }));
  const [current, setCurrent] = useState<Case | undefined>(undefined);
  const c = current ?? (loaded.state === 'ok' ? loaded.value : undefined);
  const booking = c?.bookings.find((b) => b.id === bookingId);
  if (c === undefined || booking === undefined) return null;
  const cancel = actionOf(c, 'cancel', bookingId);
  const rebook = actionOf(c, 'rebook', bookingId);
  return (
    <>
      <p className="nhsuk-body" data-testid="find-live-status">
        Now: <strong>{booking.statusText}</strong>
      </p>
      <BookingActions booking={booking} onCase={setCurrent} {...(cancel !== undefined ? { cancel } : {})} {...(rebook !== undefined ? { rebook } : {})} />
    </>
  );
}
