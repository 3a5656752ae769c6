import { useState } from 'react';
import type { Booking } from '../../../preload/contract';
import { formatSlotAddress, formatPractitioner, NOT_SUPPLIED } from '../format/slot';
import { formatDateTime } from '../format/time';
import { SlotDetails, slotWhen } from './SlotDetails';
import '../styles/print.css';

/** The words read back to the patient, and what Copy puts on the clipboard. */
export function confirmationText(b: Booking): string {
  const s = b.slot;
  return [
    `Appointment booked with ${b.serviceName}.`,
    `When: ${slotWhen(s)} (UK time).`,
    `How: ${s.deliveryChannel ?? NOT_SUPPLIED}.`,
    `Where: ${[s.location?.name, formatSlotAddress(s.location?.address)].filter((x) => x !== undefined).join(', ') || NOT_SUPPLIED}.`,
    `With: ${formatPractitioner(s) ?? NOT_SUPPLIED}.`,
    `Booking reference: ${b.appointmentId ?? 'not given by the service'}.`,
  ].join('\n');
}

/** A made booking, readable back to the patient, with Copy and Print. */
export function BookedConfirmation({ booking, deadline }: { booking: Booking; deadline: string }) {
  const [copied, setCopied] = useState<'copied' | 'failed' | undefined>(undefined);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(confirmationText(booking));
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="app-booked" data-testid="booked" data-booking-id={booking.id}>
      <div className="nhsuk-panel app-booked__panel">
        <h2 className="nhsuk-panel__title">Appointment booked</h2>
        <div className="nhsuk-panel__body">
          Booking reference{' '}
          <strong className="app-reference" data-testid="appointment-reference">
            {booking.appointmentId ?? 'not given by the service'}
          </strong>
        </div>
      </div>
      <p className="nhsuk-body">
        With <strong>{booking.serviceName}</strong>
        {booking.bookedAt !== undefined && <>, booked at {formatDateTime(booking.bookedAt)}</>}.
      </p>
      <SlotDetails slot={booking.slot} deadline={deadline} serviceName={booking.serviceName} />
      {booking.outsideTimeframe && (
        <div className="nhsuk-inset-text" data-testid="approval-shown">
          <p>
            Booked after the deadline
            {booking.approval !== undefined && (
              <>
                , approved by <strong>{booking.approval.approverName}</strong> ({booking.approval.approverRole}): {booking.approval.reason}
              </>
            )}
          </p>
        </div>
      )}
      <div className="app-actions app-no-print">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void copy()}>
          Copy the details
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => window.print()}>
          Print
        </button>
        {copied !== undefined && <p role="status">{copied === 'copied' ? 'Copied to the clipboard.' : 'The details could not be copied: select and copy them by hand.'}</p>}
      </div>
    </div>
  );
}
