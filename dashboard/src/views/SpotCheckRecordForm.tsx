import { useState, type FormEvent } from 'react';
import { DISPOSALS } from '../../../domain/ledger';
import { api, ApiError, randomKey } from '../api';
import { Field, FieldError, FormActions } from '../components';
import { compact, errorsOfApi, type FieldErrors } from '../forms';
import { zonedInputToIso } from '../format';
import { useI18n } from '../i18n';
import type { CampaignContext } from './CampaignFrame';
import { ChecklistCodeField, SeverityField } from './ItemFields';

interface FindingDraft {
  checklistCode: string;
  description: string;
  severity: string;
  disposals: string[];
  responsiblePerson: string;
  measures: string;
  dueAt: string;
}
const blankFinding = (): FindingDraft => ({
  checklistCode: 'B4',
  description: '',
  severity: 'general',
  disposals: [],
  responsiblePerson: '',
  measures: '',
  dueAt: '',
});

/** A finding transferred to the discipline commission is due by the policy; any other needs its own due date. */
const transferred = (f: FindingDraft) => f.disposals.includes('discipline_referral');

/**
 * The check of one sampled agency (SPEC §5): is its problem list complete, are its statements accurate and true, and
 * the problems found, each with its classified disposal — each opens a ledger item (source 抽查检查).
 */
export function SpotCheckRecordForm(p: {
  campaign: CampaignContext;
  checkId: string;
  agency: { agencyId: string; name: string };
  onDone(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const s = t.spotChecks;
  const tz = p.campaign.timeZone;
  const [omissions, setOmissions] = useState<boolean | null>(null);
  const [accurate, setAccurate] = useState<boolean | null>(null);
  const [note, setNote] = useState('');
  const [findings, setFindings] = useState<FindingDraft[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [key] = useState(randomKey);
  const setFinding = (i: number, patch: Partial<FindingDraft>) =>
    setFindings((fs) => fs.map((f, k) => (k === i ? { ...f, ...patch } : f)));
  const toggleDisposal = (i: number, d: string) =>
    setFinding(i, {
      disposals: findings[i].disposals.includes(d)
        ? findings[i].disposals.filter((x) => x !== d)
        : [...findings[i].disposals, d],
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing: FieldErrors = {};
    if (omissions === null) missing.omissions = '必填';
    if (accurate === null) missing.accurate = '必填';
    if (Object.keys(missing).length) return setErrors(missing);
    const body = {
      omissions,
      accurate,
      ...compact({ note: note.trim() }),
      findings: findings.map((f) =>
        compact({
          checklistCode: f.checklistCode,
          description: f.description.trim(),
          severity: f.severity,
          disposals: f.disposals,
          responsiblePerson: f.responsiblePerson.trim(),
          measures: f.measures.trim(),
          dueAt: transferred(f) ? '' : (zonedInputToIso(f.dueAt, tz) ?? ''),
        }),
      ),
    };
    setBusy(true);
    setErrors({});
    try {
      const path = `/v1/campaigns/${encodeURIComponent(p.campaign.id)}/spot-checks/${encodeURIComponent(p.checkId)}/agencies/${encodeURIComponent(p.agency.agencyId)}`;
      await api.post(path, body, { idempotencyKey: key });
      p.onDone();
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    } finally {
      setBusy(false);
    }
  };

  const yesNo = (name: string, value: boolean | null, set: (v: boolean) => void, yes: string, no: string) => (
    <div className="radios" role="radiogroup">
      <label className="radio">
        <input
          type="radio"
          name={name}
          checked={value === true}
          onChange={() => set(true)}
          data-testid={`${name}-yes`}
        />
        {yes}
      </label>
      <label className="radio">
        <input
          type="radio"
          name={name}
          checked={value === false}
          onChange={() => set(false)}
          data-testid={`${name}-no`}
        />
        {no}
      </label>
    </div>
  );

  return (
    <form className="inline-form" onSubmit={submit} data-testid="spot-check-record" noValidate>
      <h3>
        {s.record} · {p.agency.name}
      </h3>
      <Field label={s.omissions} errors={errors} path="omissions">
        {yesNo('record-omissions', omissions, setOmissions, s.omissionsYes, s.omissionsNo)}
      </Field>
      <Field label={s.accurate} errors={errors} path="accurate">
        {yesNo('record-accurate', accurate, setAccurate, s.accurateYes, s.accurateNo)}
      </Field>
      <Field label={s.note} errors={errors} path="note">
        <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} data-testid="record-note" />
      </Field>
      <h4>{s.findings}</h4>
      {findings.map((f, i) => {
        const at = `findings.${i}`;
        return (
          <fieldset key={i} data-testid={`finding-form-${i}`}>
            <legend>
              {s.finding} {i + 1}{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => setFindings((fs) => fs.filter((_, k) => k !== i))}
              >
                {s.removeFinding}
              </button>
            </legend>
            <div className="row">
              <ChecklistCodeField
                errors={errors}
                path={`${at}.checklistCode`}
                value={f.checklistCode}
                onChange={(v) => setFinding(i, { checklistCode: v })}
                testId={`finding-${i}-code`}
              />
              <SeverityField
                errors={errors}
                path={`${at}.severity`}
                value={f.severity}
                onChange={(v) => setFinding(i, { severity: v })}
                testId={`finding-${i}-severity`}
              />
            </div>
            <Field label={t.description} errors={errors} path={`${at}.description`}>
              <textarea
                rows={2}
                value={f.description}
                onChange={(e) => setFinding(i, { description: e.target.value })}
                data-testid={`finding-${i}-description`}
              />
            </Field>
            <div className="field">
              <span className="field-label">{s.disposals}</span>
              <div className="checkboxes">
                {DISPOSALS.map((d) => (
                  <label key={d} className="checkbox">
                    <input
                      type="checkbox"
                      checked={f.disposals.includes(d)}
                      onChange={() => toggleDisposal(i, d)}
                      data-testid={`finding-${i}-disposal-${d}`}
                    />
                    {t.disposals[d]}
                  </label>
                ))}
              </div>
              <FieldError errors={errors} path={`${at}.disposals`} />
            </div>
            <div className="row">
              <Field label={t.responsiblePerson} errors={errors} path={`${at}.responsiblePerson`}>
                <input
                  type="text"
                  value={f.responsiblePerson}
                  onChange={(e) => setFinding(i, { responsiblePerson: e.target.value })}
                  data-testid={`finding-${i}-responsible`}
                />
              </Field>
              <Field label={t.measures} errors={errors} path={`${at}.measures`}>
                <input
                  type="text"
                  value={f.measures}
                  onChange={(e) => setFinding(i, { measures: e.target.value })}
                  data-testid={`finding-${i}-measures`}
                />
              </Field>
              {transferred(f) ? (
                <p className="muted small">{s.dueByPolicy}</p>
              ) : (
                <Field label={t.dueAt} errors={errors} path={`${at}.dueAt`}>
                  <input
                    type="datetime-local"
                    value={f.dueAt}
                    onChange={(e) => setFinding(i, { dueAt: e.target.value })}
                    data-testid={`finding-${i}-due`}
                  />
                </Field>
              )}
            </div>
          </fieldset>
        );
      })}
      <p>
        <button type="button" onClick={() => setFindings((fs) => [...fs, blankFinding()])} data-testid="finding-add">
          {s.addFinding}
        </button>
      </p>
      <FormActions
        errors={errors}
        submitLabel={t.submit}
        submitTestId="record-submit"
        busy={busy}
        onCancel={p.onCancel}
      />
    </form>
  );
}
