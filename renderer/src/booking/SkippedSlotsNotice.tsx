import type { SkippedSlots, SlotSkipReason } from '../../../preload/contract';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One sentence per reason, so the clinician knows the list is not everything the service sent. */
const SENTENCES: Record<SlotSkipReason, (n: number) => string> = {
  unreadable: (n) => `${plural(n, 'appointment', 'appointments')} could not be read and ${n === 1 ? 'is' : 'are'} not shown.`,
  'not-free': (n) => `${plural(n, 'appointment', 'appointments')} the service marked as taken or withdrawn ${n === 1 ? 'is' : 'are'} not shown.`,
  'already-started': (n) => `${plural(n, 'appointment', 'appointments')} that had already started ${n === 1 ? 'is' : 'are'} not shown.`,
  'outside-window': (n) => `${plural(n, 'appointment', 'appointments')} outside the times searched ${n === 1 ? 'is' : 'are'} not shown.`,
  'ends-before-start': (n) => `${plural(n, 'appointment', 'appointments')} ending before ${n === 1 ? 'it starts is' : 'they start are'} not shown.`,
  duplicate: (n) => `${plural(n, 'appointment was', 'appointments were')} listed twice and ${n === 1 ? 'is' : 'are'} shown once.`,
};

/** The sentences for what the search left out, in a fixed order; none when nothing was. */
export function skippedSlotsText(skipped: SkippedSlots | undefined): string[] {
  if (skipped === undefined) return [];
  return (Object.keys(SENTENCES) as SlotSkipReason[]).filter((reason) => skipped[reason] > 0).map((reason) => SENTENCES[reason](skipped[reason]));
}

/** Says what the Provider sent that is not in the list; renders nothing when the list is complete. */
export function SkippedSlotsNotice({ skipped }: { skipped: SkippedSlots | undefined }) {
  const text = skippedSlotsText(skipped);
  if (text.length === 0) return null;
  return (
    <p className="nhsuk-body" role="status" data-testid="slots-skipped">
      {text.join(' ')}
    </p>
  );
}
