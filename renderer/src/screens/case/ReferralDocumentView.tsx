import { useState } from 'react';
import type { AppErrorShape, Case, ReferralSummary, SentReferral } from '../../../../preload/contract';
import { workstation } from '../../bridge/workstation';
import { formatDateTime } from '../../format/time';
import { ErrorMessage } from '../../shell/ErrorMessage';
import { readBarsReferral } from './bars-readable';
import { readCda } from './cda-readable';
import { CdaReadable } from './CdaReadable';
import { WithdrawReferral } from './WithdrawReferral';

type DocumentState = { state: 'closed' } | { state: 'loading' } | { state: 'error'; error: AppErrorShape } | { state: 'open'; value: Awaited<ReturnType<typeof load>> };

async function load(referralId: string) {
  const result = await workstation.referral.document({ referralId });
  if (!result.ok) throw Object.assign(new Error(result.error.message), { shape: result.error });
  return result.value;
}

/**
 * The document as people read it — a Care Connect CDA or a BaRS referral message — with the text
 * exactly as sent one click away (or shown at once if it cannot be read).
 */
function ReadableOrRaw({ xml }: { xml: string }) {
  const isJson = xml.trimStart().startsWith('{');
  const cda = isJson ? readBarsReferral(xml) : readCda(xml);
  const raw = (
    <pre className="app-referral-xml" tabIndex={0} aria-label={isJson ? 'The BaRS message (FHIR JSON)' : 'The CDA document (XML)'} data-testid="referral-xml">
      {isJson ? prettyJson(xml) : xml}
    </pre>
  );
  if (cda === undefined) return raw;
  return (
    <>
      <CdaReadable cda={cda} />
      <details className="nhsuk-details" data-testid="referral-xml-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">{isJson ? 'Show the message as sent' : 'Show the XML as sent'}</span>
        </summary>
        <div className="nhsuk-details__text">{raw}</div>
      </details>
    </>
  );
}

/** Indented for reading; the bytes sent are unchanged in the record. */
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** One referral in the case, with the CDA document exactly as it was sent (or last tried); `sent` says which appointment it described. */
export function ReferralDocumentView({ referral, sent, onCase }: { referral: ReferralSummary; sent?: SentReferral | undefined; onCase: (c: Case) => void }) {
  const [doc, setDoc] = useState<DocumentState>({ state: 'closed' });
  const toggle = async () => {
    if (doc.state === 'open') return setDoc({ state: 'closed' });
    setDoc({ state: 'loading' });
    try {
      setDoc({ state: 'open', value: await load(referral.id) });
    } catch (error) {
      setDoc({ state: 'error', error: (error as { shape: AppErrorShape }).shape });
    }
  };
  return (
    <li data-testid="referral-item" data-referral-kind={sent?.kind ?? referral.kind ?? 'original'}>
      {(sent?.kind ?? referral.kind) === 'update' ? 'Update' : 'Original'}, {referral.status === 'sent' ? 'delivered' : 'not delivered'}
      {referral.sentAt !== undefined && ` ${formatDateTime(referral.sentAt)}`}
      {sent?.appointmentText !== undefined && ` with ${sent.appointmentText}`}: {referral.message}{' '}
      {sent?.receiverReference !== undefined && (
        <>
          {sent.receiverReference.label}: <strong data-testid="referral-receiver-reference">{sent.receiverReference.value}</strong>.{' '}
        </>
      )}
      {sent?.withdrawnText !== undefined && (
        <>
          <strong className="nhsuk-tag nhsuk-tag--grey" data-testid="referral-withdrawn">
            {sent.withdrawnText}
          </strong>{' '}
        </>
      )}
      <button type="button" className="app-link-button" aria-expanded={doc.state === 'open'} onClick={() => void toggle()} data-testid="view-referral-document">
        {doc.state === 'open' ? 'Hide the document' : 'View the document sent'}
      </button>
      {sent !== undefined && (sent.withdrawAllowed || sent.withdrawnText !== undefined) && <WithdrawReferral sent={sent} onCase={onCase} />}
      {doc.state === 'loading' && <p role="status">Loading the document…</p>}
      {doc.state === 'error' && <ErrorMessage error={doc.error} title="The document could not be shown" />}
      {doc.state === 'open' && (
        <div className="app-referral-document" data-testid="referral-document">
          <dl className="nhsuk-summary-list">
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Document id</dt>
              <dd className="nhsuk-summary-list__value">{doc.value.documentId}</dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Booked appointment</dt>
              <dd className="nhsuk-summary-list__value">{doc.value.appointmentUrl ?? 'None: sent without a booking'}</dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Sent to</dt>
              <dd className="nhsuk-summary-list__value">{doc.value.endpoint ?? 'Not known'}</dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Attempts</dt>
              <dd className="nhsuk-summary-list__value">{doc.value.attempts}</dd>
            </div>
          </dl>
          <ReadableOrRaw xml={doc.value.xml} />
        </div>
      )}
    </li>
  );
}
