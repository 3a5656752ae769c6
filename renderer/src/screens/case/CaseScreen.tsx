import { useCallback, useEffect, useRef, useState } from 'react';
import type { Booking, Case, SlotRow } from '../../../../preload/contract';
import { useApp } from '../../app/navigation';
import { workstation } from '../../bridge/workstation';
import { BookedConfirmation } from '../../booking/BookedConfirmation';
import { SlotSearch } from '../../booking/SlotSearch';
import { useResult } from '../../hooks/useResult';
import { ErrorMessage } from '../../shell/ErrorMessage';
import { BookingsPanel } from './BookingsPanel';
import { ConfirmStep } from './ConfirmStep';
import { OutcomeSummary } from './OutcomeSummary';
import { ReferralPanel } from './ReferralPanel';
import { ServiceStep } from './ServiceStep';
import { StepNav, type Step } from './StepNav';
import '../../styles/forms.css';
import '../../styles/case.css';

/** One case: choose a service, an appointment, check and book; referral beside it. */
export function CaseScreen({ caseId }: { caseId: string }) {
  const { setCasePatient } = useApp();
  const loaded = useResult(() => workstation.case.get({ caseId }));
  const [current, setCurrent] = useState<Case | undefined>(undefined);
  const c = current ?? (loaded.state === 'ok' ? loaded.value : undefined);

  useEffect(() => {
    if (c !== undefined) setCasePatient(c.patient);
  }, [c, setCasePatient]);

  if (loaded.state === 'loading' && c === undefined) {
    return (
      <>
        <h1 tabIndex={-1}>Case</h1>
        <p role="status" aria-busy="true">
          Opening the case…
        </p>
      </>
    );
  }
  if (loaded.state === 'error') {
    return (
      <>
        <h1 tabIndex={-1}>Case</h1>
        <ErrorMessage error={loaded.error} title="The case could not be opened" />
      </>
    );
  }
  if (c === undefined) return null;
  return <CaseWorkflow c={c} onCase={setCurrent} />;
}

function firstStep(c: Case): Step {
  if (c.service === undefined) return 'services';
  return c.service.booking.status === 'bookable' ? 'slots' : 'services';
}

function CaseWorkflow({ c, onCase }: { c: Case; onCase: (c: Case) => void }) {
  const [step, setStep] = useState<Step>(() => firstStep(c));
  const [slot, setSlot] = useState<SlotRow | undefined>(undefined);
  const [booked, setBooked] = useState<Booking | undefined>(undefined);
  const [searchKey, setSearchKey] = useState(0);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    // Each step change lands keyboard and screen-reader users on the step's heading.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  const reloadCase = useCallback(() => {
    void workstation.case.get({ caseId: c.id }).then((r) => {
      if (r.ok) onCase(r.value);
    });
  }, [c.id, onCase]);

  const onBooked = useCallback(
    (b: Booking) => {
      setBooked(b);
      setNotice(undefined);
      setStep('booked');
      reloadCase();
    },
    [reloadCase],
  );

  const chooseService = () => {
    setSlot(undefined);
    setStep('services');
  };
  const bookable = c.service?.booking.status === 'bookable';
  const reachable = (s: Step) => s === 'services' || (s === 'slots' && bookable && booked === undefined) || (s === 'confirm' && slot !== undefined && booked === undefined) || (s === 'booked' && booked !== undefined);
  const serviceName = c.service?.name ?? '';

  return (
    <div className="app-case" data-step={step} data-case-id={c.id}>
      <h1 tabIndex={-1}>Book an appointment</h1>
      <OutcomeSummary c={c} />
      <StepNav current={step} reachable={reachable} onGo={setStep} />
      <section aria-labelledby="step-heading" className="app-step">
        <h2 id="step-heading" ref={headingRef} tabIndex={-1}>
          {step === 'services' && 'Choose a service'}
          {step === 'slots' && `Choose an appointment at ${serviceName}`}
          {step === 'confirm' && 'Check the details, then book'}
          {step === 'booked' && 'Booked'}
        </h2>
        {notice !== undefined && (
          <div className="nhsuk-error-summary" role="alert" data-testid="step-notice">
            <h3 className="nhsuk-error-summary__title">{notice}</h3>
            <div className="nhsuk-error-summary__body">
              <p>The list below has been refreshed. Choose another appointment.</p>
            </div>
          </div>
        )}
        {step === 'services' && (
          <>
            {c.service !== undefined && c.service.booking.status === 'not-bookable' && (
              <div className="nhsuk-inset-text" data-testid="not-bookable">
                <p>
                  <strong>{c.service.name}</strong> cannot be booked: {c.service.booking.message}
                </p>
              </div>
            )}
            <ServiceStep
              c={c}
              onChosen={(updated, offer) => {
                onCase(updated);
                setSlot(undefined);
                setNotice(undefined);
                if (offer.booking.status === 'bookable') {
                  setSearchKey((k) => k + 1);
                  setStep('slots');
                }
              }}
            />
          </>
        )}
        {step === 'slots' && c.service !== undefined && (
          <SlotSearch
            key={searchKey}
            caseId={c.id}
            serviceName={serviceName}
            selectedSlotId={slot?.slotId}
            onSelect={(s) => {
              setSlot(s);
              setNotice(undefined);
              setStep('confirm');
            }}
            noSlotsActions={
              <>
                <button type="button" className="nhsuk-button" onClick={chooseService}>
                  Choose another service
                </button>
                {c.referralAllowed && <p className="nhsuk-body">Or send a referral without a booking, below.</p>}
              </>
            }
            failureActions={
              <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={chooseService}>
                Choose another service
              </button>
            }
          />
        )}
        {step === 'confirm' && slot !== undefined && (
          <>
            <button type="button" className="app-link-button app-back" onClick={() => setStep('slots')}>
              Back to the appointments
            </button>
            <ConfirmStep
              c={c}
              slot={slot}
              onBooked={onBooked}
              onChooseService={chooseService}
              onSlotTaken={() => {
                setSlot(undefined);
                setNotice('This appointment has just been taken');
                setSearchKey((k) => k + 1);
                setStep('slots');
                reloadCase();
              }}
            />
          </>
        )}
        {step === 'booked' && booked !== undefined && <BookedConfirmation booking={booked} deadline={c.outcome.deadline} />}
      </section>
      <ReferralPanel c={c} onCase={onCase} />
      <BookingsPanel c={c} onChanged={reloadCase} />
    </div>
  );
}
