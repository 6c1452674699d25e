import { DEFAULT_POLICY } from '../../../domain/template';
import { ESCALATION_KINDS } from '../../../domain/stepKinds';
import { Field } from '../components';
import type { FieldErrors } from '../forms';
import { useI18n } from '../i18n';
import { DurationInput } from './DurationInput';
import { OwnHolidays } from './OwnHolidays';

/** The ladder a campaign runs on (SPEC §8), field by field; it starts as the plan's default ladder. */
export interface PolicyDraft {
  dayKind: 'calendar' | 'working';
  /** a bureau's own days off and make-up working days, which also make a year the official arrangement lacks known */
  holidays: string[];
  workdays: string[];
  reminders: string[];
  escalation: { after: string; action: string }[];
  warnWithin: string;
  itemDue: { immediate: string; disciplinary_lead: string };
  complaintInvestigation: string;
  noticePrefix: string;
}

export const defaultPolicy = (): PolicyDraft => {
  const p = structuredClone(DEFAULT_POLICY) as unknown as PolicyDraft;
  return {
    dayKind: p.dayKind,
    holidays: p.holidays,
    workdays: p.workdays,
    reminders: p.reminders,
    escalation: p.escalation,
    warnWithin: p.warnWithin,
    itemDue: p.itemDue,
    complaintInvestigation: p.complaintInvestigation,
    noticePrefix: p.noticePrefix,
  };
};

export function PolicyFields({
  value,
  onChange,
  errors,
  years,
}: {
  value: PolicyDraft;
  onChange(p: PolicyDraft): void;
  errors: FieldErrors;
  /** the years the campaign's ladders fall in: working days need each one's holidays */
  years: number[];
}) {
  const { t } = useI18n();
  const f = t.campaignForm;
  const set = (change: Partial<PolicyDraft>) => onChange({ ...value, ...change });
  return (
    <fieldset data-testid="policy-fields">
      <legend>{f.policy}</legend>
      <div className="row">
        <Field label={f.dayKind} errors={errors} path="policy.dayKind">
          <select
            value={value.dayKind}
            onChange={(e) => set({ dayKind: e.target.value as PolicyDraft['dayKind'] })}
            data-testid="policy-day-kind"
          >
            <option value="calendar">{t.dayKinds.calendar}</option>
            <option value="working">{t.dayKinds.working}</option>
          </select>
        </Field>
        <Field label={f.warnWithin} errors={errors} path="policy.warnWithin">
          <DurationInput
            value={value.warnWithin}
            onChange={(warnWithin) => set({ warnWithin })}
            testId="policy-warn-within"
          />
        </Field>
        <Field label={f.noticePrefix} errors={errors} path="policy.noticePrefix">
          <input
            value={value.noticePrefix}
            onChange={(e) => set({ noticePrefix: e.target.value })}
            data-testid="policy-notice-prefix"
          />
        </Field>
      </div>
      {value.dayKind === 'working' ? (
        <OwnHolidays value={value} years={years} errors={errors} onChange={(days) => set(days)} />
      ) : null}
      <h4>{f.reminders}</h4>
      {value.reminders.map((r, i) => (
        <div className="row" key={`r${i}`}>
          <Field label={f.reminderBefore.replace('{n}', String(i + 1))} errors={errors} path={`policy.reminders.${i}`}>
            <DurationInput
              value={r}
              onChange={(v) => set({ reminders: value.reminders.map((x, j) => (j === i ? v : x)) })}
              testId={`policy-reminder-${i}`}
            />
          </Field>
          <button
            type="button"
            className="link-button"
            onClick={() => set({ reminders: value.reminders.filter((_, j) => j !== i) })}
            data-testid={`policy-reminder-${i}-remove`}
          >
            {f.remove}
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => set({ reminders: [...value.reminders, 'P1D'] })}
        data-testid="policy-reminder-add"
      >
        {f.addReminder}
      </button>
      <h4>{f.escalation}</h4>
      {value.escalation.map((e, i) => (
        <div className="row" key={`e${i}`}>
          <Field label={f.escalateAfter} errors={errors} path={`policy.escalation.${i}.after`}>
            <DurationInput
              value={e.after}
              onChange={(after) => set({ escalation: value.escalation.map((x, j) => (j === i ? { ...x, after } : x)) })}
              testId={`policy-escalation-${i}-after`}
            />
          </Field>
          <Field label={f.escalateTo} errors={errors} path={`policy.escalation.${i}.action`}>
            <select
              value={e.action}
              onChange={(ev) =>
                set({ escalation: value.escalation.map((x, j) => (j === i ? { ...x, action: ev.target.value } : x)) })
              }
              data-testid={`policy-escalation-${i}-action`}
            >
              {ESCALATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t.steps_[k] ?? k}
                </option>
              ))}
            </select>
          </Field>
          <button
            type="button"
            className="link-button"
            onClick={() => set({ escalation: value.escalation.filter((_, j) => j !== i) })}
            data-testid={`policy-escalation-${i}-remove`}
          >
            {f.remove}
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => set({ escalation: [...value.escalation, { after: 'P15D', action: 'listed_supervision' }] })}
        data-testid="policy-escalation-add"
      >
        {f.addEscalation}
      </button>
      <div className="row">
        <Field label={f.itemImmediate} errors={errors} path="policy.itemDue.immediate">
          <DurationInput
            value={value.itemDue.immediate}
            onChange={(immediate) => set({ itemDue: { ...value.itemDue, immediate } })}
            testId="policy-item-immediate"
          />
        </Field>
        <Field label={f.itemDisciplinary} errors={errors} path="policy.itemDue.disciplinary_lead">
          <DurationInput
            value={value.itemDue.disciplinary_lead}
            onChange={(disciplinary_lead) => set({ itemDue: { ...value.itemDue, disciplinary_lead } })}
            testId="policy-item-disciplinary"
          />
        </Field>
        <Field label={f.complaintInvestigation} errors={errors} path="policy.complaintInvestigation">
          <DurationInput
            value={value.complaintInvestigation}
            onChange={(complaintInvestigation) => set({ complaintInvestigation })}
            testId="policy-complaint"
          />
        </Field>
      </div>
    </fieldset>
  );
}
