import { emptyNumber, emptyThirdParty, type NewCaseDraft, type NumberDraft } from './draft';
import { NumberRow } from './NumberRow';
import { ThirdPartyFields } from './ThirdPartyFields';

/**
 * Contact capture as the standard's guidance asks: the patient's own numbers and third
 * parties', each ranked, exactly one primary (rank 1) across all of them, chosen by the user.
 */
export function ContactSection({
  draft,
  update,
  onRank,
  refusal,
  error,
}: {
  draft: NewCaseDraft;
  update: (patch: Partial<NewCaseDraft>) => void;
  onRank: (numberKey: string, rank: string) => void;
  /** Why the last attempt to make a second number rank 1 was refused, and which number it was. */
  refusal: { numberKey: string; message: string } | undefined;
  error: (id: string) => string | undefined;
}) {
  const setNumber = (n: NumberDraft) => update({ numbers: draft.numbers.map((x) => (x.key === n.key ? n : x)) });
  const groupError = error('contact-details');
  const refusedFor = (key: string) => (refusal?.numberKey === key ? refusal.message : undefined);
  return (
    <section aria-labelledby="contact-heading">
      <h2 id="contact-heading">Contact details</h2>
      <div className={`nhsuk-form-group${groupError !== undefined ? ' nhsuk-form-group--error' : ''}`}>
        <div className="nhsuk-hint" id="contact-details" tabIndex={-1}>
          At least one number, each with a rank. Rank 1 is the number the service tries first; only one number can be rank 1.
        </div>
        {groupError !== undefined && (
          <span className="nhsuk-error-message" data-testid="contact-error">
            <span className="nhsuk-u-visually-hidden">Error:</span> {groupError}
          </span>
        )}
      </div>
      <h3>The patient’s numbers</h3>
      {draft.numbers.length === 0 && <p className="nhsuk-body">No numbers for the patient.</p>}
      {draft.numbers.map((n, i) => (
        <NumberRow
          key={n.key}
          number={n}
          ordinal={i + 1}
          owner="the patient"
          onChange={setNumber}
          onRank={(rank) => onRank(n.key, rank)}
          onRemove={() => update({ numbers: draft.numbers.filter((x) => x.key !== n.key) })}
          error={error}
          refusal={refusedFor(n.key)}
        />
      ))}
      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => update({ numbers: [...draft.numbers, emptyNumber()] })}>
        Add a number for the patient
      </button>
      {draft.contacts.length > 0 && <h3>Third parties</h3>}
      {draft.contacts.map((c, i) => (
        <ThirdPartyFields
          key={c.key}
          contact={c}
          ordinal={i + 1}
          onChange={(next) => update({ contacts: draft.contacts.map((x) => (x.key === next.key ? next : x)) })}
          onRank={onRank}
          onRemove={() => update({ contacts: draft.contacts.filter((x) => x.key !== c.key) })}
          error={error}
          refusal={refusedFor}
        />
      ))}
      {draft.contacts.length < 4 && (
        <p className="nhsuk-body">
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" aria-describedby="third-party-hint" onClick={() => update({ contacts: [...draft.contacts, emptyThirdParty()] })}>
            Add a third party
          </button>{' '}
          <span className="nhsuk-hint app-inline-hint" id="third-party-hint">
            A parent, carer or next of kin.
          </span>
        </p>
      )}
    </section>
  );
}
