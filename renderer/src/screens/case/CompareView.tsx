import { useState } from 'react';
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

/** `channel`: the delivery channel chosen in compare, or undefined for "Any way". */
type Choose = (comparison: ServiceComparison, slot: SlotRow, channel: string | undefined) => void;

/** A comparison may wait on a second round of searches beyond the single-search limit. */
const COMPARE_EXTRA_MS = 10_000;

/**
 * The top bookable services for the outcome side by side (or all of them, a page at a time):
 * the slot it suggests for the chosen way of seeing the patient and why, how many inside and
 * after, channels, distance and opening, and any failure on its own row. Choosing a slot goes
 * straight to check and book, with the way of seeing the patient the clinician chose (none when
 * they left it at "Any way") so the service's slot list starts filtered the same way.
 */
export function CompareView({ c, onChoose, disabledReason }: { c: Case; onChoose: Choose; disabledReason?: string }) {
  const [all, setAll] = useState<number | undefined>(undefined);
  return <CompareSearch key={all === undefined ? 'top' : 'all'} c={c} all={all} onAll={setAll} onChoose={onChoose} {...(disabledReason !== undefined ? { disabledReason } : {})} />;
}

function CompareSearch({ c, all, onAll, onChoose, disabledReason }: { c: Case; all: number | undefined; onAll: (bookable: number) => void; onChoose: Choose; disabledReason?: string }) {
  const { session } = useApp();
  const settings = caseScreenSettings(session);
  // One figure for the whole comparison: the searches run a few at a time, each round within the search limit.
  const rounds = all === undefined ? 1 : Math.ceil(all / settings.compareServices);
  const limitMs = settings.slotSearchMs * rounds + COMPARE_EXTRA_MS;
  const reply = useWait(() => workstation.slots.compare({ caseId: c.id, ...(all !== undefined ? { all: true } : {}) }), limitMs);
  if (reply.state === 'waiting') {
    const what = all === undefined ? `Searching the top ${settings.compareServices} services at once…` : `Searching all ${all} bookable services, ${settings.compareServices} at a time…`;
    return <Waiting what={what} since={reply.since} limitMs={limitMs} onStop={reply.stop} testId="compare-busy" />;
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
  return <CompareTable result={reply.value} pageSize={settings.compareServices} onAll={all === undefined ? () => onAll(reply.value.bookableOffered) : undefined} onChoose={onChoose} disabledReason={disabledReason} />;
}

function CompareTable({ result, pageSize, onAll, onChoose, disabledReason }: { result: ServiceComparisonResult; pageSize: number; onAll: (() => void) | undefined; onChoose: Choose; disabledReason?: string }) {
  const [channel, setChannel] = useState('any');
  const [page, setPage] = useState(0);
  const channels = [...new Set(result.services.flatMap((s) => (s.result.status === 'ok' ? s.result.channels.map((ch) => ch ?? NOT_SUPPLIED) : [])))];
  const pages = Math.max(1, Math.ceil(result.services.length / pageSize));
  const shown = result.services.slice(page * pageSize, (page + 1) * pageSize);
  const first = page * pageSize + 1;
  return (
    <div className="app-compare" data-testid="compare">
      <p className="nhsuk-body-s app-compare__caption" role="status">
        {result.services.length} of {result.bookableOffered} bookable services searched, in the directory’s order.
        {pages > 1 && ` Showing ${first} to ${first + shown.length - 1}.`}
        {disabledReason !== undefined && <strong id="compare-disabled"> {disabledReason}</strong>}
      </p>
      <div className="app-compare__controls">
        <label className="nhsuk-label" htmlFor="compare-channel">
          How the patient is seen
        </label>
        <select className="nhsuk-select" id="compare-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
          <option value="any">Any way</option>
          {channels.map((ch) => (
            <option key={ch} value={ch}>
              {ch}
            </option>
          ))}
        </select>
        {onAll !== undefined && result.services.length < result.bookableOffered && (
          <button type="button" className="app-link-button" onClick={onAll} data-testid="compare-all">
            Compare all {result.bookableOffered} bookable services
          </button>
        )}
      </div>
      <div className="app-compare__scroll">
        <table className="nhsuk-table app-compare__table">
          <caption className="nhsuk-u-visually-hidden">Services compared</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Suggested appointment</th>
              <th scope="col">Inside / after</th>
              <th scope="col">How</th>
              <th scope="col">Distance</th>
              <th scope="col">Opening</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {shown.map((s) => (
              <CompareRow key={`${s.service.rank}-${s.service.serviceId}`} s={s} channel={channel} deadline={result.deadline} onChoose={onChoose} disabled={disabledReason !== undefined} />
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav className="app-actions app-compare__pages" aria-label="Pages of compared services">
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
            Previous {pageSize}
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={page >= pages - 1} onClick={() => setPage((p) => p + 1)} data-testid="compare-next-page">
            Next {pageSize}
          </button>
        </nav>
      )}
    </div>
  );
}

function CompareRow({ s, channel, deadline, onChoose, disabled }: { s: ServiceComparison; channel: string; deadline: string; onChoose: Choose; disabled: boolean }) {
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
            <Suggested s={s} channel={channel} deadline={deadline} onChoose={onChoose} disabled={disabled} />
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

/** The suggested slot for the chosen channel, with main's reason; the earliest inside (or after) the deadline when main gave none. */
function Suggested({ s, channel, deadline, onChoose, disabled }: { s: ServiceComparison; channel: string; deadline: string; onChoose: Choose; disabled: boolean }) {
  const r = s.result;
  if (r.status !== 'ok') return null;
  const name = s.service.name;
  const pick = r.suggested !== undefined ? r.suggested[channel] : channel === 'any' ? (r.earliestInside ?? r.earliest) : undefined;
  const slot = pick === undefined ? undefined : 'slot' in pick ? pick.slot : pick;
  const why = pick !== undefined && 'why' in pick ? pick.why : undefined;
  if (slot === undefined) return <span data-testid="compare-none">{r.noSlotsReason ?? (channel === 'any' ? 'No free appointments' : `No appointment: ${channel.toLowerCase()}`)}</span>;
  const label = `${formatTime(slot.start)} ${formatShortDay(slot.start)}${slot.outsideTimeframe ? `, after by ${formatDuration(minutesAfterDeadline(slot, deadline))}` : ''}`;
  return (
    <>
      {slot.outsideTimeframe && <span className="nhsuk-tag nhsuk-tag--orange">None inside</span>}{' '}
      <SlotChoice label={label} name={name} disabled={disabled} onClick={() => onChoose(s, slot, channel === 'any' ? undefined : channel)} testId={slot.outsideTimeframe ? 'compare-earliest-after' : 'compare-earliest'} />
      {why !== undefined && (
        <span className="nhsuk-body-s app-compare__why" data-testid="compare-why">
          {' '}
          {why}
        </span>
      )}
    </>
  );
}
