export type Step = 'services' | 'compare' | 'slots' | 'booked';

const STEPS: { steps: Step[]; label: string }[] = [
  { steps: ['services', 'compare'], label: 'Choose a service' },
  { steps: ['slots'], label: 'Choose and book an appointment' },
  { steps: ['booked'], label: 'Booked' },
];

/**
 * Where the user is in the booking; earlier steps that can be revisited are buttons. While main
 * is checking a lost answer every exit is disabled, with main's reason beside it.
 */
export function StepNav({ current, reachable, onGo, blockedReason }: { current: Step; reachable: (s: Step) => boolean; onGo: (s: Step) => void; blockedReason?: string }) {
  return (
    <nav aria-label="Booking steps" className="app-steps">
      <ol className="app-steps__list">
        {STEPS.map((s, i) => {
          const target = s.steps[0] ?? 'services';
          const here = s.steps.includes(current);
          return (
            <li key={s.label} className="app-steps__item" data-step={target}>
              {here ? (
                <span className="app-steps__current" aria-current="step">
                  {i + 1}. {s.label}
                </span>
              ) : reachable(target) ? (
                <button type="button" className="app-link-button" disabled={blockedReason !== undefined} aria-describedby={blockedReason !== undefined ? 'steps-blocked' : undefined} onClick={() => onGo(target)}>
                  {i + 1}. {s.label}
                </button>
              ) : (
                <span className="app-steps__later">
                  {i + 1}. {s.label}
                </span>
              )}
            </li>
          );
        })}
      </ol>
      {blockedReason !== undefined && (
        <p id="steps-blocked" className="app-blocked app-steps__blocked" data-testid="exits-blocked">
          {blockedReason}
        </p>
      )}
    </nav>
  );
}
