import type { Case } from '../../../../preload/contract';
import { actionOf } from '../../booking/case-actions';
import { BookingActions } from '../../booking/BookingActions';

/** Every appointment of the case as main holds it: state, slot, one reference, timeframe; cancel or rebook from here. */
export function BookingsPanel({ c, onCase }: { c: Case; onCase: (c: Case) => void }) {
  if (c.bookings.length === 0) return null;
  const rebooks = c.bookingView.rebooks;
  return (
    <section className="app-bookings" aria-labelledby="bookings-heading" data-testid="case-bookings">
      <h2 id="bookings-heading">Appointments for this case</h2>
      {rebooks.length > 0 && (
        <ul className="nhsuk-list" data-testid="rebooks">
          {rebooks.map((r) => (
            <li key={r.id} data-rebook-state={r.state}>
              <strong>Rebook:</strong> {r.stateText}
            </li>
          ))}
        </ul>
      )}
      <ul className="nhsuk-list">
        {[...c.bookings].reverse().map((b) => (
          <li key={b.id} className="app-booking-item" data-booking-id={b.id} data-booking-status={b.status}>
            <p className="nhsuk-body app-booking-item__line">
              <strong className="app-booking-item__status" data-testid="booking-status">
                {b.statusText}
              </strong>
              : {b.serviceName}, {b.slotText} · <span data-testid="booking-reference">{b.reference}</span> · {b.timeframe.text}
            </p>
            {b.approval !== undefined && (
              <p className="nhsuk-body-s">
                Approved by {b.approval.approverName} ({b.approval.approverRole}{b.approval.registrationNumber !== undefined ? `, ${b.approval.registrationBody ?? ''} ${b.approval.registrationNumber}` : ''}): {b.approval.reason}
              </p>
            )}
            {b.lastOutcome !== undefined && (
              <p className="nhsuk-body-s" data-testid="booking-last-outcome">
                {b.lastOutcome.title}. {b.lastOutcome.next}
              </p>
            )}
            <BookingActions
              booking={b}
              onCase={onCase}
              {...optional('cancel', actionOf(c, 'cancel', b.id))}
              {...optional('rebook', actionOf(c, 'rebook', b.id))}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
