import { useState } from 'react';
import type { AppErrorShape, SessionInfo } from '../../../../preload/contract';
import { workstation } from '../../bridge/workstation';
import { ErrorSummary, type FieldError } from '../../forms/ErrorSummary';
import { TextField } from '../../forms/fields';
import { EnvironmentBanner } from '../../shell/EnvironmentBanner';
import { ErrorMessage } from '../../shell/ErrorMessage';
import '../../styles/forms.css';

/**
 * First run on this computer for this user: their name and role, before any patient. The
 * header, the audit trail, the JWT and every referral name this person (never the OS login).
 */
export function FirstRunScreen({ session, onSaved }: { session: SessionInfo; onSaved: (s: SessionInfo) => void }) {
  const [form, setForm] = useState({ title: '', displayName: '', role: '' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  const save = async () => {
    const found: FieldError[] = [];
    if (!/\p{L}/u.test(form.displayName)) found.push({ fieldId: 'profile-name', message: 'Enter your full name, as colleagues and services will see it' });
    if (form.role.trim() === '') found.push({ fieldId: 'profile-role', message: 'Enter your role, for example GP, Health advisor or Clinical navigator' });
    setErrors(found);
    setAttempt((a) => a + 1);
    if (found.length > 0) return;
    setBusy(true);
    setFailure(undefined);
    const result = await workstation.session.saveProfile({ displayName: form.displayName.trim(), role: form.role.trim(), ...(form.title.trim() !== '' ? { title: form.title.trim() } : {}) });
    setBusy(false);
    if (result.ok) onSaved(result.value);
    else setFailure(result.error);
  };

  return (
    <>
      <EnvironmentBanner environment={session.environment} />
      <main className="nhsuk-width-container app-main" id="main-content">
        <form
          noValidate
          data-testid="first-run"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h1>Before you start: who are you?</h1>
          <p className="nhsuk-body">
            This is the first time Booking Workstation has run for the login <strong>{session.user.localUserId}</strong> on {session.workstation}. Your name
            and role appear on every booking, referral and audit record you make.
          </p>
          <ErrorSummary errors={errors} attempt={attempt} />
          {failure !== undefined && <ErrorMessage error={failure} title="Your details could not be saved" />}
          <div className="app-form-row">
            <TextField id="profile-title" label="Title (optional)" hint="For example, Dr" value={form.title} onChange={(v) => setForm((f) => ({ ...f, title: v }))} className="nhsuk-input--width-5" />
            <TextField id="profile-name" label="Your full name" value={form.displayName} onChange={(v) => setForm((f) => ({ ...f, displayName: v }))} error={error('profile-name')} autoComplete="name" spellCheck={false} />
          </div>
          <TextField
            id="profile-role"
            label="Your role"
            hint="For example, GP, Advanced nurse practitioner, Health advisor, Clinical navigator"
            value={form.role}
            onChange={(v) => setForm((f) => ({ ...f, role: v }))}
            error={error('profile-role')}
            autoComplete="organization-title"
          />
          <p className="nhsuk-body-s">
            Whether you may approve bookings after a deadline yourself is set by your IT service desk in your profile, not here.
          </p>
          <button type="submit" className="nhsuk-button" disabled={busy}>
            Save and continue
          </button>
        </form>
      </main>
    </>
  );
}
