import { useState, type FormEvent } from 'react';
import { DateTime } from 'luxon';
import { CampaignDefinitionSchema, type Calendar } from '../../../domain/campaign';
import { calendarInYear, deadlinesByPhase, defaultCampaignYear } from '../../../domain/template';
import { api, ApiError, type Me } from '../api';
import { useIdempotencyKey } from '../idempotencyKey';
import { Field, FieldError, FormActions, Section } from '../components';
import { errorsOfApi, fieldErrors, type FieldErrors } from '../forms';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import type { TreeNode } from '../registryApi';
import { CampaignPreview } from './CampaignPreview';
import { defaultPolicy, PolicyFields, type PolicyDraft } from './PolicyFields';
import { AssessmentFields, defaultRubric } from './AssessmentFields';
import type { Rubric } from '../../../domain/assessment/rubric';
import { RegistryPicker } from './RegistryPicker';

/** A whole campaign in minutes: phases and deadlines `spacing` seconds apart, and a ladder in seconds to match. */
export function compressedCalendar(startsInS: number, spacingS: number, now = Date.now()) {
  const at = (k: number) => new Date(now + (startsInS + k * spacingS) * 1000).toISOString();
  const s = (k: number) => `PT${Math.max(1, Math.round(k * spacingS))}S`;
  return {
    calendar: {
      timeZone: 'Asia/Shanghai',
      phases: [
        { key: 'deployment', startsAt: at(0), endsAt: at(3) },
        { key: 'self_inspection', startsAt: at(0), endsAt: at(6) },
        { key: 'consolidation', startsAt: at(6), endsAt: at(8) },
        { key: 'spot_check', startsAt: at(8), endsAt: at(9) },
      ],
      deadlines: deadlinesByPhase(
        { deployment: at(1), self_inspection: at(5), consolidation: at(7) },
        { D3: at(2), D4: at(4), D6: at(6), D8: at(8) },
      ),
      closesAt: at(10),
    },
    policy: {
      reminders: [s(0.5), s(0.25)],
      warnWithin: s(0.25),
      escalation: [
        { after: 'PT0S', action: 'overdue' },
        { after: s(1), action: 'supervision_notice' },
        { after: s(2), action: 'listed_supervision' },
      ],
      itemDue: { immediate: s(3), disciplinary_lead: s(1) },
      complaintInvestigation: s(3),
    },
  };
}

/** A campaign as the form holds it: the plan laid into `year`, unless a calendar of its own was filled in. */
interface Draft {
  name: string;
  year: string;
  jurisdiction: TreeNode | null;
  agencies: { id: string; name: string; jurisdictionId: string }[];
  policy: PolicyDraft;
  /** the assessment rubric (SPEC §17), the default until the bureau changes it */
  assessment: Rubric;
  /** a calendar of its own (the compressed demo calendar, or one loaded from a definition) instead of the plan's */
  calendar: Calendar | null;
  /** a drill (演练): takes no public complaint */
  drill: boolean;
}

function definitionOf(d: Draft): Record<string, unknown> {
  return {
    name: d.name.trim(),
    jurisdiction: d.jurisdiction,
    agencies: d.agencies,
    ...(d.calendar ? { calendar: d.calendar } : { year: Number(d.year) }),
    policy: d.policy,
    assessment: d.assessment,
    ...(d.drill ? { drill: true } : {}),
  };
}

/** The calendar the preview draws: the form's own, or the plan's in the year typed (none while the year is not one). */
function calendarOf(d: Draft): Calendar | null {
  if (d.calendar) return d.calendar;
  const year = Number(d.year);
  return Number.isInteger(year) && year >= 1900 && year <= 2999 ? (calendarInYear(year) as Calendar) : null;
}

/**
 * The years a campaign's ladders count days in: from its start to a year past its close (escalations run on after
 * the last deadlines, items and complaints after the close).
 */
function yearsOf(calendar: Calendar): number[] {
  const year = (iso: string) => DateTime.fromISO(iso, { zone: calendar.timeZone }).year;
  const first = year(calendar.phases[0].startsAt);
  const last = year(calendar.closesAt);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Where an API refusal's details point (422 paths such as calendar.deadlines.D1), as the form's fields. */
function errorsOfRefusal(err: ApiError): FieldErrors {
  const out = errorsOfApi(err);
  for (const d of err.details ?? []) {
    const path = (d as { path?: unknown }).path;
    if (!Array.isArray(path)) continue;
    // a year without holidays is said where they are entered
    const key =
      path[0] === 'calendar'
        ? 'year'
        : err.code === 'calendar_year_unknown'
          ? 'policy.holidays'
          : path.map(String).join('.');
    out[key] ??= err.message;
  }
  return out;
}

/**
 * The bureau launches a campaign for its jurisdiction, field by field: name, year, the agencies picked from the
 * registry, the ladder (the plan's default, editable), and a preview of the calendar and of every planned step.
 */
export function NewCampaign({ me }: { me: Me }) {
  const { t } = useI18n();
  const f = t.campaignForm;
  const [draft, setDraft] = useState<Draft>(() => {
    const year = defaultCampaignYear(Date.now());
    return {
      name: f.defaultName.replace('{year}', String(year)),
      year: String(year),
      jurisdiction: null,
      agencies: [],
      policy: defaultPolicy(),
      assessment: defaultRubric(),
      calendar: null,
      drill: false,
    };
  });
  const [json, setJson] = useState<string | null>(null);
  const [startsIn, setStartsIn] = useState('5');
  const [spacing, setSpacing] = useState('20');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [key, refused] = useIdempotencyKey();
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const calendar = calendarOf(draft);

  /** A definition pasted as JSON fills the form (what a script or an earlier campaign wrote). */
  const loadJson = () => {
    try {
      const def = JSON.parse(json ?? '') as Partial<Record<keyof Draft, unknown>> & {
        year?: number;
        policy?: Partial<PolicyDraft>;
        assessment?: Rubric;
      };
      setDraft((d) => ({
        name: typeof def.name === 'string' ? def.name : d.name,
        year: def.year !== undefined ? String(def.year) : d.year,
        jurisdiction: (def.jurisdiction as TreeNode | undefined) ?? d.jurisdiction,
        agencies: (def.agencies as Draft['agencies'] | undefined) ?? d.agencies,
        policy: { ...d.policy, ...def.policy },
        assessment: def.assessment ?? d.assessment,
        calendar: (def.calendar as Calendar | undefined) ?? null,
        drill: def.drill === true,
      }));
      setJson(null);
      setErrors({});
    } catch (err) {
      setErrors({ json: `${f.jsonInvalid}：${(err as Error).message}` });
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft.jurisdiction) return setErrors({ agencies: f.pickAgencies });
    const def = definitionOf(draft);
    const parsed = CampaignDefinitionSchema.safeParse(def);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    setBusy(true);
    setErrors({});
    try {
      // the definition as the form has it (not the parsed copy): the API applies its own defaults
      const res = await api.post<{ id: string }>('/v1/campaigns', def, { idempotencyKey: key });
      navigate(`/campaigns/${encodeURIComponent(res.id)}`);
    } catch (err) {
      refused(err);
      if (err instanceof ApiError) setErrors(errorsOfRefusal(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t.newCampaign} testId="new-campaign-page">
      <form onSubmit={submit} noValidate data-testid="new-campaign-form">
        <div className="row">
          <Field label={f.name} errors={errors} path="name">
            <input
              value={draft.name}
              onChange={(e) => set({ name: e.target.value })}
              data-testid="campaign-name-input"
            />
          </Field>
          <Field label={f.year} errors={errors} path="year" hint={draft.calendar ? f.ownCalendar : f.yearHint}>
            <input
              type="number"
              min={1900}
              max={2999}
              value={draft.year}
              disabled={draft.calendar !== null}
              onChange={(e) => set({ year: e.target.value })}
              data-testid="campaign-year"
            />
          </Field>
          <Field label={f.jurisdiction}>
            <span data-testid="campaign-jurisdiction">{draft.jurisdiction?.name ?? me.unitName ?? '—'}</span>
          </Field>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.drill}
            onChange={(e) => set({ drill: e.target.checked })}
            data-testid="campaign-drill"
          />
          {f.drill}
        </label>
        <RegistryPicker
          me={me}
          onPick={(jurisdiction, agencies) => set({ jurisdiction, agencies })}
          onRoot={(root) => setDraft((d) => (d.jurisdiction ? d : { ...d, jurisdiction: root }))}
        />
        <FieldError errors={errors} path="agencies" />
        <FieldError errors={errors} path="jurisdiction" />
        <PolicyFields
          value={draft.policy}
          onChange={(policy) => set({ policy })}
          errors={errors}
          years={calendar ? yearsOf(calendar) : []}
        />
        {calendar ? <CampaignPreview calendar={calendar} policy={draft.policy} /> : null}
        <AssessmentFields value={draft.assessment} onChange={(assessment) => set({ assessment })} errors={errors} />
        <details data-testid="campaign-advanced">
          <summary>{f.advanced}</summary>
          <fieldset>
            <legend>{t.compressedHelper}</legend>
            <div className="row">
              <Field label={t.startsIn}>
                <input
                  type="number"
                  min={0}
                  value={startsIn}
                  onChange={(e) => setStartsIn(e.target.value)}
                  data-testid="compressed-starts-in"
                />
              </Field>
              <Field label={t.spacing}>
                <input
                  type="number"
                  min={2}
                  value={spacing}
                  onChange={(e) => setSpacing(e.target.value)}
                  data-testid="compressed-spacing"
                />
              </Field>
              <div className="buttons">
                <button
                  type="button"
                  onClick={() => {
                    const c = compressedCalendar(Number(startsIn) || 0, Math.max(2, Number(spacing) || 20));
                    setDraft((d) => ({ ...d, calendar: c.calendar as Calendar, policy: { ...d.policy, ...c.policy } }));
                  }}
                  data-testid="compressed-fill"
                >
                  {t.fillCalendar}
                </button>
                <button
                  type="button"
                  onClick={() => set({ calendar: null, policy: defaultPolicy() })}
                  data-testid="use-template"
                >
                  {t.useTemplate}
                </button>
              </div>
            </div>
          </fieldset>
          <Field label={t.campaignJson} errors={errors} path="json">
            <textarea
              className="code"
              rows={16}
              spellCheck={false}
              value={json ?? JSON.stringify(definitionOf(draft), null, 2)}
              onChange={(e) => setJson(e.target.value)}
              data-testid="campaign-json"
            />
          </Field>
          <button type="button" disabled={json === null} onClick={loadJson} data-testid="campaign-json-load">
            {f.loadJson}
          </button>
        </details>
        <FormActions errors={errors} submitLabel={t.create} submitTestId="campaign-create" busy={busy} />
      </form>
    </Section>
  );
}
