import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { SlotRow } from '../../../preload/contract';
import { NOT_SUPPLIED, rowsByUkDay } from '../format/slot';
import { formatShortDay, formatTime } from '../format/time';
import { startsSoon } from './contact-line';
import { afterDeadlineShort } from './SlotDetails';
import '../styles/slots.css';

/** Marks for the renderer bench: reply in (set by the caller) → list painted. */
export const SLOTS_PAINTED_MARK = 'slots:painted';

/** Ask the list to move focus to a slot (a new `seq` repeats the same request). */
export interface FocusRequest {
  slotId: string;
  seq: number;
}

/**
 * Every slot of the reply under UK day headings, one line each, virtualised so 2,000 stay
 * smooth. A list of buttons with one tab stop: Up/Down/Home/End/Page keys move between slots
 * and the focused row is scrolled into view; Enter or Space chooses it.
 */
export function SlotList({
  slots,
  deadline,
  onSelect,
  selectedSlotId,
  focusRequest,
  now,
  soonMinutes,
}: {
  slots: readonly SlotRow[];
  deadline: string;
  onSelect: (slot: SlotRow) => void;
  selectedSlotId?: string;
  focusRequest?: FocusRequest;
  now: Date;
  soonMinutes: number;
}) {
  const rows = useMemo(() => rowsByUkDay(slots), [slots]);
  const rowOfSlot = useMemo(() => {
    const map: number[] = [];
    rows.forEach((r, i) => {
      if (r.kind === 'slot') map[r.slotIndex] = i;
    });
    return map;
  }, [rows]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [pendingFocus, setPendingFocus] = useState<number | undefined>(undefined);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'day' ? 30 : 34),
    overscan: 10,
    getItemKey: (i) => rows[i]?.key ?? i,
  });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    // After the first commit with these slots, the next frame is the first paint of the list.
    const frame = requestAnimationFrame(() => {
      performance.mark(SLOTS_PAINTED_MARK, { detail: { count: slots.length } });
      scrollRef.current?.setAttribute('data-painted', String(slots.length));
    });
    return () => cancelAnimationFrame(frame);
  }, [slots]);

  useEffect(() => {
    if (pendingFocus === undefined) return;
    const button = scrollRef.current?.querySelector<HTMLButtonElement>(`[data-slot-index="${pendingFocus}"]`);
    if (button) {
      button.focus({ preventScroll: true });
      setPendingFocus(undefined);
    }
  }, [pendingFocus, items]);

  useEffect(() => {
    if (focusRequest === undefined) return;
    const index = rows.find((r) => r.kind === 'slot' && r.slot.slotId === focusRequest.slotId);
    if (index?.kind === 'slot') moveTo(index.slotIndex, 'center');
    // Only a new request moves focus; the rows changing under a filter must not steal it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest]);

  const moveTo = (slotIndex: number, align: 'auto' | 'center' = 'auto') => {
    const target = Math.min(Math.max(slotIndex, 0), slots.length - 1);
    const row = rowOfSlot[target];
    if (row === undefined) return;
    setActive(target);
    virtualizer.scrollToIndex(row, { align });
    setPendingFocus(target);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 8, PageUp: -8 };
    if (event.key in step) moveTo(active + (step[event.key] ?? 0));
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(slots.length - 1);
    else return;
    event.preventDefault();
  };

  return (
    <div
      className="app-slot-list"
      ref={scrollRef}
      onKeyDown={onKeyDown}
      data-testid="slot-list"
      data-slot-count={slots.length}
    >
      <ul className="app-slot-list__inner" aria-label={`${slots.length} appointments, earliest first`} style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (row === undefined) return null;
          return (
            <li
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="app-slot-list__row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {row.kind === 'day' ? (
                <h3 className="app-slot-list__day">
                  {row.heading} <span className="app-slot-list__day-count">({row.count} shown)</span>
                </h3>
              ) : (
                <SlotButton
                  slot={row.slot}
                  index={row.slotIndex}
                  total={slots.length}
                  deadline={deadline}
                  tabbable={row.slotIndex === active}
                  soon={startsSoon(row.slot, now, soonMinutes)}
                  selected={row.slot.slotId === selectedSlotId}
                  onFocus={() => setActive(row.slotIndex)}
                  onSelect={() => onSelect(row.slot)}
                />
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function SlotButton({ slot, index, total, deadline, tabbable, selected, soon, onFocus, onSelect }: { slot: SlotRow; index: number; total: number; deadline: string; tabbable: boolean; selected: boolean; soon: boolean; onFocus: () => void; onSelect: () => void }) {
  return (
    <button
      type="button"
      className={`app-slot${slot.outsideTimeframe ? ' app-slot--outside' : ''}`}
      tabIndex={tabbable ? 0 : -1}
      data-slot-index={index}
      data-slot-id={slot.slotId}
      data-outside={slot.outsideTimeframe}
      data-soon={soon}
      aria-pressed={selected}
      onFocus={onFocus}
      onClick={onSelect}
    >
      <span className="app-slot__when">
        <strong>
          {formatTime(slot.start)} to {formatTime(slot.end)}
        </strong>
      </span>
      <span className="app-slot__date">{formatShortDay(slot.start)}</span>
      <span className="app-slot__channel">{slot.deliveryChannel ?? NOT_SUPPLIED}</span>
      <span className="app-slot__who">{slot.practitionerRole ?? `Role ${NOT_SUPPLIED.toLowerCase()}`}</span>
      <span className="app-slot__timeframe">
        {soon && <strong className="nhsuk-tag nhsuk-tag--yellow app-slot__soon">Starts soon</strong>}
        {slot.outsideTimeframe ? <strong className="nhsuk-tag nhsuk-tag--orange">{afterDeadlineShort(slot, deadline)}</strong> : <span className="nhsuk-tag nhsuk-tag--green">Inside</span>}
      </span>
      <span className="nhsuk-u-visually-hidden">
        , appointment {index + 1} of {total}
        {slot.outsideTimeframe ? ', after the deadline' : ', inside the timeframe'}
      </span>
    </button>
  );
}
