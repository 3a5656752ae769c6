import { TextField } from '../../forms/fields';
import type { NewCaseDraft } from './draft';
import { emptyPathways, type PathwaysDraft } from './pathways';
import { SAFEGUARDING_FIELDS } from './safeguarding';
import { SafeguardingFieldset } from './SafeguardingFieldset';

/**
 * The optional parts of the assessment, folded away together so the form stays within two
 * screens: the Pathways symptom group (SG) and discriminator (SD), which rank the DoS search and go
 * in the referral (a CAS clinician may have none), and a safeguarding concern, which the referral
 * must carry when there is one.
 */
export function PathwaysFields({ draft, update, error }: { draft: NewCaseDraft; update: (patch: Partial<NewCaseDraft>) => void; error: (id: string) => string | undefined }) {
  const p = draft.pathways ?? emptyPathways();
  const set = (patch: Partial<PathwaysDraft>) => update({ pathways: { ...p, ...patch } });
  // Folded away until wanted, and open whenever it holds something or a problem.
  const sg = draft.safeguarding;
  const holds = [p.sgCode, p.sgText, p.sdCode, p.sdText, sg?.about ?? '', sg?.detail ?? ''].some((v) => v.trim() !== '');
  const problem = ['pathways-sg-code', 'pathways-sg-text', 'pathways-sd-code', 'pathways-sd-text', SAFEGUARDING_FIELDS.about, SAFEGUARDING_FIELDS.detail].some((id) => error(id) !== undefined);
  return (
    <details className="nhsuk-details app-pathways" open={holds || problem || undefined} data-testid="pathways">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Pathways codes and safeguarding concern (optional)</span>
      </summary>
      <div className="nhsuk-details__text">
        <PathwaysFieldset p={p} set={set} error={error} />
        <SafeguardingFieldset draft={draft} update={update} error={error} />
      </div>
    </details>
  );
}

function PathwaysFieldset({ p, set, error }: { p: PathwaysDraft; set: (patch: Partial<PathwaysDraft>) => void; error: (id: string) => string | undefined }) {
  return (
    <fieldset className="nhsuk-fieldset app-fieldset" aria-describedby="pathways-hint">
      <legend className="nhsuk-u-visually-hidden">Pathways symptom group and discriminator</legend>
      <div className="nhsuk-hint" id="pathways-hint">
        From the Pathways assessment, when there was one. Leave empty if the call had no Pathways assessment.
      </div>
      <div className="app-form-row">
        <TextField id="pathways-sg-code" label="SG code" hint="For example, 1011" inputMode="numeric" className="nhsuk-input--width-4" value={p.sgCode} onChange={(v) => set({ sgCode: v })} error={error('pathways-sg-code')} />
        <TextField id="pathways-sg-text" label="Symptom group" value={p.sgText} onChange={(v) => set({ sgText: v })} error={error('pathways-sg-text')} />
      </div>
      <div className="app-form-row">
        <TextField id="pathways-sd-code" label="SD code" hint="For example, 4052" inputMode="numeric" className="nhsuk-input--width-4" value={p.sdCode} onChange={(v) => set({ sdCode: v })} error={error('pathways-sd-code')} />
        <TextField id="pathways-sd-text" label="Symptom discriminator" value={p.sdText} onChange={(v) => set({ sdText: v })} error={error('pathways-sd-text')} />
      </div>
    </fieldset>
  );
}
