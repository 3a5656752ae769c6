import { useState } from 'react';
import type { Case } from '../../../preload/contract';
import { formatDateTime } from '../format/time';
import { patientContactLine } from './contact-line';
import { SlotDetails } from './SlotDetails';
import '../styles/print.css';

/**
 * The appointment the top of the case is about, as main's headline names it: after a rebook
 * that is the new one only. Copy and Print use the headline's own text, never a local copy.
 */
export function BookedConfirmation({ c }: { c: Case }) {
  const [copied, setCopied] = useState<'copied' | 'failed' | undefined>(undefined);
  const h = c.bookingView.headline;
  const booking = c.bookings.find((b) => b.id === h.bookingId);
  if (h.tone !== 'booked' || booking === undefined) return null;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(h.copyText);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  const contactLine = patientContactLine(booking.slot, c.patient);
  return (
    <div className="app-booked" data-testid="booked" data-booking-id={booking.id}>
      <div className="nhsuk-panel app-booked__panel">
        <h3 className="nhsuk-panel__title" data-testid="booked-title">
          {h.title}
        </h3>
        <div className="nhsuk-panel__body">
          Reference{' '}
          <strong className="app-reference" data-testid="appointment-reference">
            {h.reference ?? booking.reference}
          </strong>
        </div>
      </div>
      <dl className="nhsuk-summary-list app-compact-list" data-testid="booked-service-contact">
        {h.providerNumber !== undefined && (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">{h.providerNumber.label}</dt>
            <dd className="nhsuk-summary-list__value" data-testid="provider-number" title={h.providerNumber.full}>
              {h.providerNumber.shown}
            </dd>
          </div>
        )}
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Phone the service</dt>
          <dd className="nhsuk-summary-list__value" data-testid="booked-phone">
            {h.servicePhone ?? 'The directory lists no phone number for this service'}
          </dd>
        </div>
      </dl>
      <p className="nhsuk-body">
        With <strong>{booking.serviceName}</strong>
        {booking.bookedAt !== undefined && <>, booked at {formatDateTime(booking.bookedAt)}</>}. {booking.timeframe.text}.
      </p>
      {h.lines.map((line) => (
        <p key={line} className="nhsuk-body" data-testid="headline-line">
          {line}
        </p>
      ))}
      <SlotDetails slot={booking.slot} deadline={booking.timeframe.deadline} serviceName={booking.serviceName} {...(contactLine !== undefined ? { contactLine } : {})} />
      {booking.approval !== undefined && (
        <div className="nhsuk-inset-text" data-testid="approval-shown">
          <p>
            Booked after the deadline, approved by <strong>{booking.approval.approverName}</strong> ({booking.approval.approverRole}{booking.approval.registrationNumber !== undefined ? `, ${booking.approval.registrationBody ?? ''} ${booking.approval.registrationNumber}` : ''}): {booking.approval.reason}
          </p>
        </div>
      )}
      <pre className="app-print-only" data-testid="print-text">
        {h.copyText}
      </pre>
      <div className="app-actions app-no-print">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void copy()} data-testid="copy-details">
          Copy the details<span className="nhsuk-u-visually-hidden"> of appointment {h.reference ?? booking.reference}</span>
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => window.print()}>
          Print<span className="nhsuk-u-visually-hidden"> appointment {h.reference ?? booking.reference}</span>
        </button>
        {copied !== undefined && <p role="status">{copied === 'copied' ? 'Copied to the clipboard.' : 'The details could not be copied: select and copy them by hand.'}</p>}
      </div>
    </div>
  );
}
