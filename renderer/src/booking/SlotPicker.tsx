import { useMemo, useRef, useState } from 'react';
import type { SlotRow, SlotSearchResult } from '../../../preload/contract';
import { formatDateTime } from '../format/time';
import { useNow } from '../hooks/useNow';
import { channelOf, applyFilter, NO_FILTER, roleOf, TIMES_OF_DAY, valuesOf, type SlotFilter, type TimeOfDay } from './slot-filters';
import { SlotList, type FocusRequest } from './SlotList';

/**
 * The counts, the filters (time of day, channel, role) and "Jump to the deadline" behind one
 * "Filter slots" button, and the dense list. Filters only narrow what is on screen: the full
 * counts stay visible above them. `initialChannel` (chosen in compare) starts the list filtered
 * to it, with the filters open so the clinician sees it set and can clear it.
 */
export function SlotPicker({
  result,
  selectedSlotId,
  onSelect,
  soonMinutes,
  idPrefix,
  initialChannel,
}: {
  result: SlotSearchResult;
  selectedSlotId?: string;
  onSelect: (slot: SlotRow) => void;
  soonMinutes: number;
  idPrefix: string;
  initialChannel?: string;
}) {
  const [filter, setFilter] = useState<SlotFilter>(() => (initialChannel !== undefined ? { ...NO_FILTER, channel: initialChannel } : NO_FILTER));
  // Closed by default: the filters sat between the step heading and the first slot on every booking.
  const [filtersOpen, setFiltersOpen] = useState(initialChannel !== undefined);
  const [focusRequest, setFocusRequest] = useState<FocusRequest | undefined>(undefined);
  const now = useNow(30_000);
  const shown = useMemo(() => applyFilter(result.slots, filter), [result.slots, filter]);
  const present = useMemo(() => valuesOf(result.slots, channelOf), [result.slots]);
  // A chosen channel the list no longer has still shows as chosen, so the select never misstates the filter.
  const channels = filter.channel === 'any' || present.includes(filter.channel) ? present : [...present, filter.channel];
  const roles = useMemo(() => valuesOf(result.slots, roleOf), [result.slots]);
  const lastInside = [...shown].reverse().find((s) => !s.outsideTimeframe);
  const firstAfter = shown.find((s) => s.outsideTimeframe);
  const deadlineTarget = lastInside ?? firstAfter;
  const filtered = filter.timeOfDay !== 'any' || filter.channel !== 'any' || filter.role !== 'any';
  const toggleRef = useRef<HTMLButtonElement>(null);
  const clear = () => {
    setFilter(NO_FILTER);
    // The clear button goes with the filters: focus stays nearby rather than falling to the page.
    toggleRef.current?.focus();
  };

  return (
    <div className="app-slot-picker" data-testid="slot-results">
      <div className="app-slot-picker__bar">
        <p className="app-slot-picker__counts" role="status" data-testid="slot-counts">
          <strong>{result.slots.length}</strong> appointments: <strong>{result.insideTimeframe}</strong> inside the timeframe, <strong>{result.outsideTimeframe}</strong> after it.
          {filtered && (
            <>
              {' '}
              Showing <strong data-testid="slot-shown-count">{shown.length}</strong> that match the filters.
            </>
          )}
        </p>
        {filtered && (
          <button type="button" className="app-link-button" onClick={clear} data-testid="clear-slot-filters">
            Clear the filters
          </button>
        )}
        <button ref={toggleRef} type="button" className="app-link-button app-slot-filters__toggle" aria-expanded={filtersOpen} aria-controls={`${idPrefix}-filters`} onClick={() => setFiltersOpen((o) => !o)} data-testid="filter-slots">
          Filter slots{filtered ? ' (filters on)' : ''}
        </button>
      </div>
      {filtersOpen && (
        <div className="app-slot-filters" role="group" aria-label="Filter the appointments" id={`${idPrefix}-filters`}>
          <FilterSelect id={`${idPrefix}-time`} label="Time" value={filter.timeOfDay} options={TIMES_OF_DAY.map((t) => [t.value, t.label])} onChange={(v) => setFilter({ ...filter, timeOfDay: v as TimeOfDay })} />
          <FilterSelect id={`${idPrefix}-channel`} label="How" value={filter.channel} options={[['any', 'Any way'], ...channels.map((c): [string, string] => [c, c])]} onChange={(v) => setFilter({ ...filter, channel: v })} />
          <FilterSelect id={`${idPrefix}-role`} label="Role" value={filter.role} options={[['any', 'Any practitioner'], ...roles.map((r): [string, string] => [r, r])]} onChange={(v) => setFilter({ ...filter, role: v })} />
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary app-slot-filters__jump"
            disabled={deadlineTarget === undefined}
            onClick={() => deadlineTarget !== undefined && setFocusRequest({ slotId: deadlineTarget.slotId, seq: (focusRequest?.seq ?? 0) + 1 })}
            data-testid="jump-to-deadline"
          >
            Jump to the deadline<span className="nhsuk-u-visually-hidden"> ({formatDateTime(result.deadline)})</span>
          </button>
        </div>
      )}
      {shown.length === 0 ? (
        <p className="nhsuk-body" role="status" data-testid="no-slots-match">
          No appointment matches these filters. Change a filter to see the others.
        </p>
      ) : (
        <SlotList slots={shown} deadline={result.deadline} selectedSlotId={selectedSlotId} onSelect={onSelect} focusRequest={focusRequest} now={now} soonMinutes={soonMinutes} />
      )}
      <p className="nhsuk-hint app-slot-picker__hint">Arrow keys move between appointments; Enter chooses one; ? lists every shortcut.</p>
    </div>
  );
}

function FilterSelect({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: [string, string][]; onChange: (v: string) => void }) {
  return (
    <div className="app-slot-filters__field">
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <select className="nhsuk-select" id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}
