import { parseInstant, type ParsedInstant, type SkippedSlots, type SlotSkipReason } from '../../preload/contract';

/** The search a reply answers: slots starting from `start` (default `now`) up to `end`. */
export interface SlotWindow {
  start?: Date;
  end: Date;
}

/** What any FHIR version's Slot says about its own bookability; the inputs are untrusted. */
export interface SlotFacts {
  status: unknown;
  start: unknown;
  end: unknown;
}

export type SlotVerdict =
  | {
      show: true;
      start: ParsedInstant;
      end: ParsedInstant;
      durationMinutes: number;
    }
  | { show: false; reason: SlotSkipReason; problem: string };

/**
 * Whether one Slot may be offered for booking (digest §4: only free slots are offered). Shared by
 * the STU3 and R4 readers so both drop the same slots for the same reasons.
 */
export function slotVerdict(slot: SlotFacts, window: SlotWindow, now: Date): SlotVerdict {
  const start = parseInstant(slot.start);
  if (!start.ok)
    return {
      show: false,
      reason: 'unreadable',
      problem: `start: ${start.problem}`,
    };
  const end = parseInstant(slot.end);
  if (!end.ok)
    return {
      show: false,
      reason: 'unreadable',
      problem: `end: ${end.problem}`,
    };
  if (slot.status !== 'free')
    return {
      show: false,
      reason: 'not-free',
      problem: `status is ${typeof slot.status === 'string' ? slot.status : 'missing'}`,
    };
  if (end.value.epochMs <= start.value.epochMs)
    return {
      show: false,
      reason: 'ends-before-start',
      problem: `ends ${end.value.text}, not after its start ${start.value.text}`,
    };
  if (start.value.epochMs < now.getTime())
    return {
      show: false,
      reason: 'already-started',
      problem: `starts ${start.value.text}, before ${now.toISOString()}`,
    };
  if (start.value.epochMs > window.end.getTime() || (window.start !== undefined && start.value.epochMs < window.start.getTime())) {
    return {
      show: false,
      reason: 'outside-window',
      problem: `starts ${start.value.text}, outside the searched window`,
    };
  }
  // Rounded up: a slot of any length never reads as "0 min".
  return {
    show: true,
    start: start.value,
    end: end.value,
    durationMinutes: Math.ceil((end.value.epochMs - start.value.epochMs) / 60_000),
  };
}

/** A count of zero for every reason. */
export function noSkippedSlots(): SkippedSlots {
  return {
    unreadable: 0,
    duplicate: 0,
    'not-free': 0,
    'already-started': 0,
    'outside-window': 0,
    'ends-before-start': 0,
  };
}
