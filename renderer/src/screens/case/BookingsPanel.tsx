import { useState } from 'react';
import type { Booking, Case } from '../../../../preload/contract';
import { BookingActions } from '../../booking/BookingActions';
import { slotWhen } from '../../booking/SlotDetails';

const STATUS: Record<Booking['status'], string> = {
  pending: 'Being booked',
  booked: 'Booked',
  unknown: 'Not known yet',
  failed: 'Not booked',
  cancelling: 'Being cancelled',
  cancelled: 'Cancelled',
  'cancel-unknown': 'Cancel not confirmed yet',
};

/** The case's bookings; a booked one can be cancelled or rebooked from here. */
export function BookingsPanel({ c, onChanged }: { c: Case; onChanged: () => void }) {
  // Bookings acted on here keep their actions on screen, so the Provider's outcome stays visible after the case reloads.
  const [acted, setActed] = useState<ReadonlySet<string>>(new Set());
  const shown = c.bookings.filter((b) => b.status !== 'failed');
  if (shown.length === 0) return null;
  return (
    <section className="app-bookings" aria-labelledby="bookings-heading" data-testid="case-bookings">
      <h2 id="bookings-heading">Appointments for this case</h2>
      <ul className="nhsuk-list">
        {shown.map((b) => (
          <li key={b.id} className="app-booking-item" data-booking-status={b.status}>
            <p className="nhsuk-body">
              <strong>{STATUS[b.status]}</strong>: {b.serviceName}, {slotWhen(b.slot)}
              {b.appointmentId !== undefined && <> (reference {b.appointmentId})</>}
              {b.outsideTimeframe && ' — after the deadline'}
            </p>
            {(b.status === 'booked' || acted.has(b.id)) && (
              <BookingActions
                booking={b}
                serviceName={b.serviceName}
                onChanged={() => {
                  setActed((a) => new Set(a).add(b.id));
                  onChanged();
                }}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
