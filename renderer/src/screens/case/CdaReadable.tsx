import { formatNhsNumber } from '../../../../preload/contract';
import type { ReadableCda } from './cda-readable';

/** The referral as a document: who it is about, who wrote it, for whom, and each section in order. */
export function CdaReadable({ cda }: { cda: ReadableCda }) {
  return (
    <article className="app-cda" aria-label={cda.title} data-testid="cda-readable">
      <h3 className="app-cda__title">{cda.title}</h3>
      <dl className="nhsuk-summary-list app-cda__header">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Patient</dt>
          <dd className="nhsuk-summary-list__value">
            {cda.patient.name}
            {cda.patient.born !== undefined && `, born ${cda.patient.born}`}
            <br />
            {cda.patient.nhsNumber !== undefined ? `NHS number ${formatNhsNumber(cda.patient.nhsNumber)}${cda.patient.nhsNumberVerified ? ' (verified)' : ' (not verified)'}` : 'NHS number not known'}
            {cda.patient.address.length > 0 && (
              <>
                <br />
                {cda.patient.address.join(', ')}
              </>
            )}
          </dd>
        </div>
        {cda.author !== undefined && (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Written by</dt>
            <dd className="nhsuk-summary-list__value">
              {cda.author}
              {cda.written !== undefined && `, ${cda.written}`}
            </dd>
          </div>
        )}
        {cda.recipient !== undefined && (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">For</dt>
            <dd className="nhsuk-summary-list__value">{cda.recipient}</dd>
          </div>
        )}
      </dl>
      {cda.sections.map((s, i) => (
        <section key={`${i}:${s.title}`} className="app-cda__section" data-testid="cda-section">
          <h4>{s.title}</h4>
          {s.paragraphs.map((p, j) => (
            <p className="nhsuk-body" key={j}>
              {p}
            </p>
          ))}
          {s.items.length > 0 && (
            <ul className="nhsuk-list nhsuk-list--bullet">
              {s.items.map((item, j) => (
                <li key={j}>{item}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </article>
  );
}
