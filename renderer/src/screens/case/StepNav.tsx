export type Step = 'services' | 'slots' | 'confirm' | 'booked';

const STEPS: { step: Step; label: string }[] = [
  { step: 'services', label: 'Choose a service' },
  { step: 'slots', label: 'Choose an appointment' },
  { step: 'confirm', label: 'Check and book' },
  { step: 'booked', label: 'Booked' },
];

/** Where the user is in the booking; earlier steps that can be revisited are buttons. */
export function StepNav({ current, reachable, onGo }: { current: Step; reachable: (s: Step) => boolean; onGo: (s: Step) => void }) {
  return (
    <nav aria-label="Booking steps" className="app-steps">
      <ol className="app-steps__list">
        {STEPS.map((s, i) => (
          <li key={s.step} className="app-steps__item" data-step={s.step}>
            {s.step === current ? (
              <span className="app-steps__current" aria-current="step">
                {i + 1}. {s.label}
              </span>
            ) : reachable(s.step) ? (
              <button type="button" className="app-link-button" onClick={() => onGo(s.step)}>
                {i + 1}. {s.label}
              </button>
            ) : (
              <span className="app-steps__later">
                {i + 1}. {s.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
