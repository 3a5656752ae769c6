import { useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from '../../app/navigation';
import { UnsentContext, type Unsent } from '../../app/unsent';
import type { Case, ServiceComparison, SlotRow, SlotSearchResult } from '../../../../preload/contract';
import { workstation } from '../../bridge/workstation';
import { BookedConfirmation } from '../../booking/BookedConfirmation';
import { actionOf } from '../../booking/case-actions';
import { CheckAndBook } from '../../booking/CheckAndBook';
import { CheckingPanel } from '../../booking/CheckingPanel';
import { SlotSearch } from '../../booking/SlotSearch';
import { formatDateTime } from '../../format/time';
import { useResult } from '../../hooks/useResult';
import { ErrorMessage } from '../../shell/ErrorMessage';
import { BookingsPanel } from './BookingsPanel';
import { CaseHeader } from './CaseHeader';
import { CaseNotesPanel } from './CaseNotesPanel';
import { SafeguardingPanel } from './SafeguardingPanel';
import { CloseCase } from './CloseCase';
import { CompareView } from './CompareView';
import { timeRemainingText } from './deadline';
import { ReferralPanel } from './ReferralPanel';
import { ServiceStep } from './ServiceStep';
import { StepNav, type Step } from './StepNav';
import '../../styles/forms.css';
import '../../styles/case.css';

/** While main checks a lost answer, the case is read again this often to show what it learns. */
const REREAD_WHILE_CHECKING_MS = 2_000;

/** One case: choose a service (or compare several), choose and book an appointment beside its details; referral and appointments below. */
export function CaseScreen({ caseId }: { caseId: string }) {
  // Opening a case re-reads it from the organisation record first: another desk may have changed it.
  const loaded = useResult(() => workstation.case.get({ caseId, fromOrganisation: true }));
  const [current, setCurrent] = useState<Case | undefined>(undefined);
  const c = current ?? (loaded.state === 'ok' ? loaded.value : undefined);

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
  if (c.bookingView.headline.tone === 'booked') return 'booked';
  if (c.service === undefined) return 'services';
  return c.service.booking.status === 'bookable' ? 'slots' : 'services';
}

function CaseWorkflow({ c, onCase }: { c: Case; onCase: (c: Case) => void }) {
  const [step, setStep] = useState<Step>(() => firstStep(c));
  const [slot, setSlot] = useState<SlotRow | undefined>(undefined);
  const [searchKey, setSearchKey] = useState(0);
  const [compared, setCompared] = useState<SlotSearchResult | undefined>(undefined);
  // The way of seeing the patient chosen in compare: the slot list starts filtered to it (never one the clinician did not choose).
  const [comparedChannel, setComparedChannel] = useState<string | undefined>(undefined);
  const [unsavedNotes, setUnsavedNotes] = useState<string | undefined>(undefined);
  // Reasons, approvals and answers typed and not yet sent, from every panel of the case.
  const [unsent, setUnsent] = useState<ReadonlyMap<string, Unsent>>(() => new Map());
  const reportUnsent = useCallback((key: string, item: Unsent | undefined) => {
    setUnsent((prev) => {
      const had = prev.get(key);
      if (had?.text === item?.text && had?.what === item?.what && had?.scope === item?.scope) return prev;
      const next = new Map(prev);
      if (item === undefined) next.delete(key);
      else next.set(key, item);
      return next;
    });
  }, []);
  const unsentRef = useRef(unsent);
  unsentRef.current = unsent;
  const { setLeaveGuard, askBeforeDropping } = useApp();
  const [deadlinePassedAtOpen] = useState(() => timeRemainingText(c.outcome.deadline, new Date()));
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Bumped when the step stays the same but what it shows is new (a rebook): focus moves again.
  const [focusSeq, setFocusSeq] = useState(0);
  const checking = c.bookingView.checking;
  const headlineBooking = c.bookingView.headline.tone === 'booked' ? c.bookingView.headline.bookingId : undefined;
  const lastHeadline = useRef(headlineBooking);

  useEffect(() => {
    // Opening the case and every step change land keyboard and screen-reader users on the step's
    // heading; without this, focus fell to the page body once the "Opening the case" heading went.
    headingRef.current?.focus({ preventScroll: true });
  }, [step, focusSeq]);

  useEffect(() => {
    // A new appointment booked, rebooked or settled from "checking" moves the case to its Booked step.
    if (headlineBooking !== undefined && headlineBooking !== lastHeadline.current) {
      setSlot(undefined);
      setStep('booked');
      setFocusSeq((n) => n + 1);
    }
    lastHeadline.current = headlineBooking;
  }, [headlineBooking]);

  const tone = c.bookingView.headline.tone;
  const bookableNow = c.service?.booking.status === 'bookable';
  useEffect(() => {
    // Cancelled (or nothing booked any more): the step bar must not go on saying "Booked".
    if (step === 'booked' && (tone === 'cancelled' || tone === 'none')) {
      setSlot(undefined);
      setCompared(undefined);
      setSearchKey((k) => k + 1);
      setStep(bookableNow ? 'slots' : 'services');
    }
  }, [step, tone, bookableNow]);

  const reloadCase = useCallback(() => {
    void workstation.case.get({ caseId: c.id }).then((r) => {
      if (r.ok) onCase(r.value);
    });
  }, [c.id, onCase]);

  useEffect(() => {
    // Leaving the case drops what was typed and not sent (the notes excepted: main keeps them as a draft), so the app asks first.
    setLeaveGuard?.(() => [...unsentRef.current.values()]);
    return () => setLeaveGuard?.(undefined);
  }, [setLeaveGuard]);

  /** A step change the clinician asked for: what was typed into the step on show goes with it, so it is asked about first. */
  const goTo = (proceed: () => void) => {
    const dropped = [...unsent.values()].filter((u) => u.scope === 'step');
    if (askBeforeDropping === undefined) proceed();
    else askBeforeDropping(dropped, proceed);
  };

  useEffect(() => {
    // Main reconciles with the Provider on its own; the screen only re-reads main's model.
    if (!checking) return;
    const timer = setInterval(reloadCase, REREAD_WHILE_CHECKING_MS);
    return () => clearInterval(timer);
  }, [checking, reloadCase]);

  const chooseService = () =>
    goTo(() => {
      setSlot(undefined);
      setComparedChannel(undefined);
      setStep('services');
    });

  const fromComparison = async (comparison: ServiceComparison, chosen: SlotRow, channel: string | undefined) => {
    const picked = await workstation.case.chooseService({ caseId: c.id, serviceId: comparison.service.serviceId });
    if (!picked.ok) return;
    const list = await workstation.slots.useCompared({ caseId: c.id, serviceId: comparison.service.serviceId });
    onCase(picked.value);
    if (!list.ok) return;
    setCompared(list.value);
    setComparedChannel(channel);
    setSearchKey((k) => k + 1);
    setSlot(chosen);
    setStep('slots');
  };

  const bookable = c.service?.booking.status === 'bookable';
  const reachable = (s: Step) => s === 'services' || (s === 'slots' && bookable) || (s === 'booked' && c.bookingView.headline.tone === 'booked');
  const serviceName = c.service?.name ?? '';
  const blockedReason = checking ? (actionOf(c, 'book')?.disabledReason ?? 'Wait until the service has answered: do not book again.') : undefined;

  const view = (
    <div className="app-case" data-step={step} data-case-id={c.id} data-checking={checking}>
      <h1 tabIndex={-1} className="nhsuk-u-visually-hidden">
        Book an appointment for {c.patient.given} {c.patient.family}
      </h1>
      <CaseHeader c={c} />
      {deadlinePassedAtOpen.passed && (
        <div className="nhsuk-error-summary app-compact-callout" role="alert" data-testid="deadline-passed">
          <h2 className="nhsuk-error-summary__title">
            The deadline for {c.outcome.dispositionCode} has passed: it was {formatDateTime(c.outcome.deadline)}.
          </h2>
          <p>Every appointment is now after the deadline and needs a clinician’s approval to book.</p>
        </div>
      )}
      {checking && <CheckingPanel c={c} onCase={onCase} />}
      <StepNav current={step} reachable={reachable} onGo={(s) => (s === 'services' ? chooseService() : goTo(() => setStep(s)))} {...(blockedReason !== undefined ? { blockedReason } : {})} />
      <section aria-labelledby="step-heading" className="app-step">
        <h2 id="step-heading" ref={headingRef} tabIndex={-1} className="app-step__heading">
          {step === 'services' && 'Choose a service'}
          {step === 'compare' && 'Compare services'}
          {step === 'slots' && `Choose an appointment at ${serviceName}`}
          {step === 'booked' && 'Booked'}
        </h2>
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
              onCompare={() => setStep('compare')}
              onChosen={(updated, offer) => {
                onCase(updated);
                setSlot(undefined);
                setCompared(undefined);
                setComparedChannel(undefined);
                if (offer.booking.status === 'bookable') {
                  setSearchKey((k) => k + 1);
                  setStep('slots');
                }
              }}
            />
          </>
        )}
        {step === 'compare' && (
          <>
            <button type="button" className="app-link-button app-back" onClick={chooseService}>
              Back to the ranked list of services
            </button>
            <CompareView c={c} onChoose={(comparison, chosen, channel) => void fromComparison(comparison, chosen, channel)} {...(blockedReason !== undefined ? { disabledReason: blockedReason } : {})} />
          </>
        )}
        {step === 'slots' && c.service !== undefined && (
          <div className="app-slot-step">
            <div className="app-slot-step__list">
              <SlotSearch
                key={searchKey}
                caseId={c.id}
                serviceName={serviceName}
                selectedSlotId={slot?.slotId}
                {...(compared !== undefined ? { initial: compared } : {})}
                {...(comparedChannel !== undefined ? { initialChannel: comparedChannel } : {})}
                onSelect={(s) => setSlot(s)}
                noSlotsActions={
                  <>
                    <button type="button" className="nhsuk-button" onClick={chooseService}>
                      Choose another service
                    </button>
                    {c.service.referralAvailable && <p className="nhsuk-body">Or send a referral without a booking, below.</p>}
                  </>
                }
                failureActions={
                  <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={chooseService}>
                    Choose another service
                  </button>
                }
              />
            </div>
            <aside className="app-slot-step__pane" aria-label="The chosen appointment" data-testid="slot-pane">
              {slot !== undefined ? (
                <CheckAndBook
                  c={c}
                  slot={slot}
                  onCase={onCase}
                  onFailed={() => {
                    setCompared(undefined);
                    setSearchKey((k) => k + 1);
                  }}
                />
              ) : (
                <p className="nhsuk-body app-slot-step__hint">Choose an appointment from the list to check its details and book it here.</p>
              )}
            </aside>
          </div>
        )}
        {step === 'booked' && (
          <div className="app-booked-step">
            <BookedConfirmation c={c} />
            <ReferralPanel c={c} onCase={onCase} unsavedNotes={unsavedNotes} />
            {c.status === 'open' && <CloseCase c={c} onCase={onCase} unsavedNotes={unsavedNotes} unsent={unsent} />}
          </div>
        )}
      </section>
      <CaseNotesPanel c={c} onCase={onCase} onUnsaved={setUnsavedNotes} />
      <SafeguardingPanel c={c} onCase={onCase} />
      {step !== 'booked' && <ReferralPanel c={c} onCase={onCase} unsavedNotes={unsavedNotes} />}
      <BookingsPanel c={c} onCase={onCase} />
    </div>
  );
  return <UnsentContext.Provider value={reportUnsent}>{view}</UnsentContext.Provider>;
}
