import { useState } from 'react';
import { useApp } from '../../app/navigation';
import { caseScreenSettings } from '../../booking/caseScreenSettings';
import type { AppErrorShape, Case, ExistingAnswer, ServiceOffer } from '../../../../preload/contract';
import { SecondBookingWarning } from '../new-case/SecondBookingWarning';
import { liveBookingsSince } from './second-booking-at-service';
import { workstation } from '../../bridge/workstation';
import { useResult } from '../../hooks/useResult';
import { ErrorMessage } from '../../shell/ErrorMessage';

/** The ranked DoS list for this outcome: which take bookings, which are booking only, which cannot be booked. */
export function ServiceStep({ c, onChosen, onCompare }: { c: Case; onChosen: (updated: Case, offer: ServiceOffer) => void; onCompare: () => void }) {
  const { session, navigate } = useApp();
  const compareCount = caseScreenSettings(session).compareServices;
  const services = useResult(() => workstation.directory.services({ caseId: c.id }));
  const [choosing, setChoosing] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);

  const [pending, setPending] = useState<{ offer: ServiceOffer; answer: ExistingAnswer } | undefined>(undefined);

  const openExisting = async (caseId: string, onThisDesk: boolean) => {
    // Another desk's case is copied here from the organisation record first.
    const copied = onThisDesk ? undefined : await workstation.booking.openFound({ caseId });
    if (copied !== undefined && !copied.ok) return setFailure(copied.error);
    navigate({ screen: 'case', caseId });
  };

  /** A live booking for the same person made since this case started is shown first; going on needs a reason (audited). */
  const choose = async (offer: ServiceOffer, confirmed?: { reason: string; existingCaseIds: string[] }) => {
    setChoosing(offer.serviceId);
    setFailure(undefined);
    if (confirmed === undefined) {
      const existing = await liveBookingsSince(c);
      if (existing !== undefined) {
        setChoosing(undefined);
        setPending({ offer, answer: existing });
        return;
      }
    }
    const result = await workstation.case.chooseService({ caseId: c.id, serviceId: offer.serviceId });
    if (result.ok && confirmed !== undefined) await workstation.patient.confirmSecondBooking({ caseId: c.id, ...confirmed });
    setChoosing(undefined);
    if (result.ok) onChosen(result.value, offer);
    else setFailure(result.error);
  };

  if (services.state === 'loading') {
    return (
      <div className="app-progress" role="status" aria-busy="true">
        <span className="app-spinner" aria-hidden="true" />
        Finding services for {c.outcome.dispositionCode}…
      </div>
    );
  }
  if (services.state === 'error') {
    return (
      <>
        <ErrorMessage error={services.error} title="The list of services could not be loaded" />
        <button type="button" className="nhsuk-button" onClick={services.reload}>
          Try again
        </button>
      </>
    );
  }
  const bookable = services.value.services.filter((s) => s.booking.status === 'bookable').length;
  return (
    <>
      {bookable > 1 && (
        <div className="app-actions app-compare-offer">
          <button type="button" className="nhsuk-button" onClick={onCompare} data-testid="compare-services">
            Compare the top {Math.min(compareCount, bookable)} bookable services
          </button>
          <p className="nhsuk-body-s">Searches them at once: earliest appointment inside the deadline at each.</p>
        </div>
      )}
      {failure !== undefined && <ErrorMessage error={failure} title="The service could not be chosen" />}
      {choosing !== undefined && (
        <p role="status" aria-busy="true">
          Recording the choice…
        </p>
      )}
      <p className="nhsuk-body-s app-services__order" data-testid="service-order">
        In the Directory of Services’ order: its ranking for {c.outcome.dispositionCode}, not re-sorted here. Open now or when each opens is worked out from the directory’s opening times.
      </p>
      {pending !== undefined && (
        <SecondBookingWarning
          at="service"
          answer={pending.answer}
          busy={choosing !== undefined}
          onOpen={(caseId, onThisDesk) => void openExisting(caseId, onThisDesk)}
          onContinue={(reason) => {
            const { offer, answer } = pending;
            setPending(undefined);
            void choose(offer, { reason: reason ?? '', existingCaseIds: answer.matches.map((m) => m.caseId) });
          }}
          onCancel={() => setPending(undefined)}
        />
      )}
      <ol className="app-services" data-testid="service-list">
        {services.value.services.map((s) => (
          <li key={s.serviceId} className="app-service" data-service-id={s.serviceId} data-bookable={s.booking.status === 'bookable'} data-booking-only={s.bookingOnly}>
            <div className="app-service__rank">
              <span className="nhsuk-u-visually-hidden">Rank </span>
              {s.rank}
            </div>
            <div className="app-service__body">
              <h3 className="app-service__name">{s.name}</h3>
              <p className="app-service__meta">
                {[s.kind, s.address, s.distanceMiles !== undefined ? `${s.distanceMiles} miles` : undefined, s.openingStatus, s.phone !== undefined ? `Phone ${s.phone}` : undefined, s.via].filter((x) => x !== undefined && x !== '').join(' · ')}
              </p>
              <ServiceTags s={s} />
              {c.service?.serviceId === s.serviceId && <p className="app-service__chosen">Chosen for this case</p>}
            </div>
            <div className="app-service__action">
              <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={choosing !== undefined} onClick={() => void choose(s)}>
                Choose<span className="nhsuk-u-visually-hidden"> {s.name}</span>
              </button>
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}

function ServiceTags({ s }: { s: ServiceOffer }) {
  return (
    <div className="app-service__tags">
      {s.opening !== undefined ? (
        <strong className={`nhsuk-tag ${s.opening.open ? 'nhsuk-tag--green' : 'nhsuk-tag--grey'}`} data-testid="service-opening" data-open={s.opening.open}>
          {s.opening.text}
        </strong>
      ) : (
        // No times from the directory: said plainly, never guessed as open.
        <span className="nhsuk-tag nhsuk-tag--white" data-testid="service-opening-not-given">
          Opening times not given
        </span>
      )}
      {s.booking.status === 'bookable' ? (
        <strong className="nhsuk-tag nhsuk-tag--green">Takes bookings</strong>
      ) : (
        <strong className="nhsuk-tag nhsuk-tag--grey">Cannot be booked</strong>
      )}
      {s.bookingOnly && <strong className="nhsuk-tag nhsuk-tag--orange">Booking only: a referral needs a booked appointment</strong>}
      {s.referralAvailable ? <span className="nhsuk-tag nhsuk-tag--white">Referral available</span> : <span className="nhsuk-tag nhsuk-tag--white">No referral route</span>}
      {s.booking.status === 'not-bookable' && <p className="app-service__why">{s.booking.message}</p>}
    </div>
  );
}
