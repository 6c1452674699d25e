import {
  CATEGORIES,
  CATEGORY_KEYS,
  DEDUCTION_RULES,
  DEFAULT_RUBRIC,
  EVENT_RULES,
  HONOUR_KEYS,
  HONOURS,
  type Rubric,
} from '../../../domain/assessment/rubric';
import { Field } from '../components';
import type { FieldErrors } from '../forms';
import { useI18n } from '../i18n';
import { DurationInput } from './DurationInput';

export const defaultRubric = (): Rubric => structuredClone(DEFAULT_RUBRIC);

/** A number field of the rubric: whole or half points. */
function PointsInput({ value, onChange, testId }: { value: number; onChange(n: number): void; testId: string }) {
  return (
    <input
      type="number"
      step="0.5"
      min="0"
      value={value}
      onChange={(e) => onChange(e.target.value === '' ? 0 : Number(e.target.value))}
      data-testid={testId}
    />
  );
}

/**
 * The assessment rubric a campaign is judged by (SPEC §17), field by field; it starts as the default rubric, and the
 * bureau may change it before the campaign starts (the rubric is part of the definition).
 */
export function AssessmentFields({
  value,
  onChange,
  errors,
}: {
  value: Rubric;
  onChange(r: Rubric): void;
  errors: FieldErrors;
}) {
  const { t, lang } = useI18n();
  const a = t.assessment;
  const set = (change: Partial<Rubric>) => onChange({ ...value, ...change });
  return (
    <fieldset data-testid="assessment-fields">
      <legend>{a.rubric}</legend>
      <p className="muted small">{a.rubricHint}</p>
      <h4>{a.deductions}</h4>
      <div className="row">
        {EVENT_RULES.map((r) => (
          <Field key={r} label={DEDUCTION_RULES[r][lang]} errors={errors} path={`assessment.deductions.${r}`}>
            <PointsInput
              value={value.deductions[r]}
              onChange={(n) => set({ deductions: { ...value.deductions, [r]: n } })}
              testId={`rubric-deduction-${r}`}
            />
          </Field>
        ))}
      </div>
      <h4>{a.weights}</h4>
      <div className="row">
        {CATEGORY_KEYS.map((c) => (
          <Field key={c} label={CATEGORIES[c][lang]} errors={errors} path={`assessment.categoryWeights.${c}`}>
            <PointsInput
              value={value.categoryWeights[c]}
              onChange={(n) => set({ categoryWeights: { ...value.categoryWeights, [c]: n } })}
              testId={`rubric-weight-${c}`}
            />
          </Field>
        ))}
      </div>
      <h4>{a.rate}</h4>
      <div className="row">
        <Field label={a.rateThreshold} errors={errors} path="assessment.rectificationRate.threshold">
          <PointsInput
            value={value.rectificationRate.threshold}
            onChange={(threshold) => set({ rectificationRate: { ...value.rectificationRate, threshold } })}
            testId="rubric-rate-threshold"
          />
        </Field>
        <Field label={a.ratePoints} errors={errors} path="assessment.rectificationRate.pointsPerTen">
          <PointsInput
            value={value.rectificationRate.pointsPerTen}
            onChange={(pointsPerTen) => set({ rectificationRate: { ...value.rectificationRate, pointsPerTen } })}
            testId="rubric-rate-points"
          />
        </Field>
      </div>
      <h4>{a.bonuses}</h4>
      <div className="row">
        {HONOUR_KEYS.map((h) => (
          <Field key={h} label={HONOURS[h][lang]} errors={errors} path={`assessment.bonuses.${h}`}>
            <PointsInput
              value={value.bonuses[h]}
              onChange={(n) => set({ bonuses: { ...value.bonuses, [h]: n } })}
              testId={`rubric-bonus-${h}`}
            />
          </Field>
        ))}
        <Field label={a.bonusCap} errors={errors} path="assessment.bonuses.cap">
          <PointsInput
            value={value.bonuses.cap}
            onChange={(cap) => set({ bonuses: { ...value.bonuses, cap } })}
            testId="rubric-bonus-cap"
          />
        </Field>
      </div>
      <h4>{a.grades}</h4>
      <div className="row">
        {(['excellent', 'good', 'pass'] as const).map((g) => (
          <Field key={g} label={a[g]} errors={errors} path={`assessment.grades.${g}`}>
            <PointsInput
              value={value.grades[g]}
              onChange={(n) => set({ grades: { ...value.grades, [g]: n } })}
              testId={`rubric-grade-${g}`}
            />
          </Field>
        ))}
        <Field label={a.window} errors={errors} path="assessment.objectionWindow">
          <DurationInput
            value={value.objectionWindow}
            onChange={(objectionWindow) => set({ objectionWindow })}
            testId="rubric-window"
          />
        </Field>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={value.veto.includes('disciplinary_finding')}
          onChange={(e) => set({ veto: e.target.checked ? ['disciplinary_finding'] : [] })}
          data-testid="rubric-veto"
        />{' '}
        {a.veto}
      </label>
    </fieldset>
  );
}
