import type { Case, ServiceComparison, ServiceComparisonResult, SlotRow } from '../../../../preload/contract';
import { useApp } from '../../app/navigation';
import { workstation } from '../../bridge/workstation';
import { caseScreenSettings } from '../../booking/caseScreenSettings';
import { Waiting } from '../../booking/Waiting';
import { formatElapsed } from '../../format/elapsed';
import { minutesAfterDeadline, NOT_SUPPLIED } from '../../format/slot';
import { formatDuration, formatShortDay, formatTime } from '../../format/time';
import { useWait } from '../../hooks/useWait';
import { ErrorMessage } from '../../shell/ErrorMessage';

/** A comparison may wait on a second round of searches beyond the single-search limit. */
const COMPARE_EXTRA_MS = 10_000;

/**
 * The top bookable services for the outcome side by side: earliest slot inside the deadline,
 * how many inside and after, channels, distance and opening from the directory, and any
 * failure on its own row. Choosing a slot goes straight to check and book.
 */
export function CompareView({ c, onChoose, disabledReason }: { c: Case; onChoose: (comparison: ServiceComparison, slot: SlotRow) => void; disabledReason?: string }) {
  const { session } = useApp();
  const settings = caseScreenSettings(session);
  // One figure for the whole comparison: the searches run a few at a time, each within the search limit.
  const limitMs = settings.slotSearchMs + COMPARE_EXTRA_MS;
  const reply = useWait(() => workstation.slots.compare({ caseId: c.id }), limitMs);
  if (reply.state === 'waiting') {
    return <Waiting what={`Searching the top ${settings.compareServices} services at once…`} since={reply.since} limitMs={limitMs} onStop={reply.stop} testId="compare-busy" />;
  }
  if (reply.state === 'stopped' || reply.state === 'error') {
    return (
      <div data-testid="compare-failed">
        {reply.state === 'stopped' ? (
          <p className="nhsuk-inset-text" role="status">
            Stopped waiting after {formatElapsed(reply.afterMs)}. Nothing was booked.
          </p>
        ) : (
          <ErrorMessage error={reply.error} title="The services could not be compared" />
        )}
        <button type="button" className="nhsuk-button" onClick={reply.reload}>
          Compare again
        </button>
      </div>
    );
  }
  return <CompareTable result={reply.value} onChoose={onChoose} disabledReason={disabledReason} />;
}

function CompareTable({ result, onChoose, disabledReason }: { result: ServiceComparisonResult; onChoose: (comparison: ServiceComparison, slot: SlotRow) => void; disabledReason?: string }) {
  return (
    <div className="app-compare" data-testid="compare">
      <p className="nhsuk-body-s app-compare__caption" role="status">
        {result.services.length} of {result.bookableOffered} bookable services searched at once, in the directory’s order.
        {disabledReason !== undefined && <strong id="compare-disabled"> {disabledReason}</strong>}
      </p>
      <div className="app-compare__scroll">
        <table className="nhsuk-table app-compare__table">
          <caption className="nhsuk-u-visually-hidden">Services compared</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Earliest inside the deadline</th>
              <th scope="col">Inside / after</th>
              <th scope="col">How</th>
              <th scope="col">Distance</th>
              <th scope="col">Opening</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {result.services.map((s) => (
              <CompareRow key={`${s.service.rank}-${s.service.serviceId}`} s={s} deadline={result.deadline} onChoose={onChoose} disabled={disabledReason !== undefined} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function CompareRow({ s, deadline, onChoose, disabled }: { s: ServiceComparison; deadline: string; onChoose: (comparison: ServiceComparison, slot: SlotRow) => void; disabled: boolean }) {
  const r = s.result;
  const name = s.service.name;
  return (
    <tr data-compare-service={s.service.serviceId} data-status={r.status}>
      <th scope="row">
        <span className="app-compare__rank">{s.service.rank}.</span> {name}
        {s.service.bookingOnly && <span className="nhsuk-tag nhsuk-tag--orange app-compare__tag">Booking only</span>}
      </th>
      {r.status === 'failed' ? (
        <td colSpan={3} data-testid="compare-failure">
          <strong>Could not be searched:</strong> {r.error.message} <span className="nhsuk-body-s">({formatElapsed(s.elapsedMs)})</span>
        </td>
      ) : (
        <>
          <td>
            {r.earliestInside !== undefined ? (
              <SlotChoice label={`${formatTime(r.earliestInside.start)} ${formatShortDay(r.earliestInside.start)}`} name={name} disabled={disabled} onClick={() => r.earliestInside !== undefined && onChoose(s, r.earliestInside)} testId="compare-earliest" />
            ) : r.earliest !== undefined ? (
              <>
                <span className="nhsuk-tag nhsuk-tag--orange">None inside</span>{' '}
                <SlotChoice
                  label={`${formatTime(r.earliest.start)} ${formatShortDay(r.earliest.start)}, after by ${formatDuration(minutesAfterDeadline(r.earliest, deadline))}`}
                  name={name}
                  disabled={disabled}
                  onClick={() => r.earliest !== undefined && onChoose(s, r.earliest)}
                  testId="compare-earliest-after"
                />
              </>
            ) : (
              <span data-testid="compare-none">{r.noSlotsReason ?? 'No free appointments'}</span>
            )}
          </td>
          <td data-testid="compare-counts">
            {r.insideTimeframe} / {r.outsideTimeframe}
          </td>
          <td>{r.channels.length === 0 ? '—' : r.channels.map((ch) => ch ?? NOT_SUPPLIED).join(', ')}</td>
        </>
      )}
      <td>{s.service.distanceMiles !== undefined ? `${s.service.distanceMiles} miles` : 'Not given'}</td>
      <td data-testid="compare-opening">
        {s.service.opening !== undefined && <strong>{s.service.opening.text}</strong>}
        {s.service.opening !== undefined && s.service.openingStatus !== undefined && ' · '}
        {s.service.openingStatus ?? (s.service.opening === undefined ? 'Not given' : '')}
      </td>
    </tr>
  );
}

function SlotChoice({ label, name, disabled, onClick, testId }: { label: string; name: string; disabled: boolean; onClick: () => void; testId: string }) {
  return (
    <button type="button" className="app-link-button app-compare__slot" disabled={disabled} aria-describedby={disabled ? 'compare-disabled' : undefined} onClick={onClick} data-testid={testId}>
      {label}
      <span className="nhsuk-u-visually-hidden"> at {name}: check and book</span>
    </button>
  );
}
