import { createContext, useContext, type ReactNode } from 'react';
import { errorText, type ApiError } from './apiError';
import { fieldLabel } from './fieldLabels';
import type { FieldErrors } from './forms';
import { stepLabel } from './format';
import { useI18n } from './i18n';

export function LightBadge({ light, testId }: { light: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <span
      className={`light light-${light}`}
      data-light={light}
      data-testid={testId}
      title={t.lightMeaning[light] ?? ''}
    >
      <span className="dot" aria-hidden="true" />
      {t.lights[light] ?? light}
    </span>
  );
}

export function Section({
  title,
  children,
  actions,
  testId,
}: {
  title: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  return (
    <section className="card" data-testid={testId}>
      <header className="card-head">
        <h2>{title}</h2>
        {actions ? <div className="card-actions">{actions}</div> : null}
      </header>
      <div className="card-body">{children}</div>
    </section>
  );
}

/** Shows a failed load; a 404 of a route not built yet reads "not available" rather than an error. */
export function LoadError({ error, what }: { error: ApiError | undefined; what?: string }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  if (error.status === 404 && error.code === 'not_found' && /no route/.test(error.message)) {
    return (
      <p className="muted" data-testid="not-available">
        {t.notAvailable}
        {what ? `（${what}）` : ''}
      </p>
    );
  }
  return (
    <p className="error" role="alert" data-code={error.code}>
      {t.error}：{errorText(error, lang)}
    </p>
  );
}

export const isMissingRoute = (error: ApiError | undefined) =>
  !!error && error.status === 404 && /no route/.test(error.message);

export function Loading() {
  const { t } = useI18n();
  return <p className="muted">{t.loading}</p>;
}

export function FieldError({ errors, path }: { errors: FieldErrors; path: string }) {
  return errors[path] ? (
    <span className="field-error" role="alert">
      {errors[path]}
    </span>
  ) : null;
}

/** The form's errors, each field named by its label (fieldLabels.ts, or the form's own labels), never by its key. */
export function FormError({ errors, labels }: { errors: FieldErrors; labels?: Record<string, string> }) {
  const { t, lang } = useI18n();
  const others = Object.entries(errors).filter(([k]) => k !== '_');
  if (!errors._ && others.length === 0) return null;
  return (
    <div className="error" role="alert" data-testid="form-error">
      {errors._ ?? t.invalid}
      {others.length ? (
        <ul>
          {others.map(([k, v]) => (
            <li key={k} data-path={k}>
              {fieldLabel(k, lang, labels)}
              {lang === 'zh' ? '：' : ': '}
              {v}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A labelled input; without a label of its own it is called what fieldLabels.ts calls its path. */
export function Field({
  label,
  children,
  errors,
  path,
  hint,
}: {
  label?: ReactNode;
  children: ReactNode;
  errors?: FieldErrors;
  path?: string;
  hint?: ReactNode;
}) {
  const { lang } = useI18n();
  return (
    <label className="field">
      <span className="field-label">{label ?? (path ? fieldLabel(path, lang) : null)}</span>
      {children}
      {hint ? <span className="muted small">{hint}</span> : null}
      {errors && path ? <FieldError errors={errors} path={path} /> : null}
    </label>
  );
}

/** The form's errors and its buttons: submit, and cancel where the form is one of several opened inline on a page. */
export function FormActions({
  errors,
  labels,
  submitLabel,
  submitTestId,
  busy,
  onCancel,
}: {
  errors: FieldErrors;
  labels?: Record<string, string>;
  submitLabel: ReactNode;
  submitTestId?: string;
  busy?: boolean;
  onCancel?(): void;
}) {
  const { t } = useI18n();
  const submit = (
    <button type="submit" className="primary" disabled={busy} data-testid={submitTestId}>
      {submitLabel}
    </button>
  );
  return (
    <>
      <FormError errors={errors} labels={labels} />
      {onCancel ? (
        <div className="buttons">
          {submit}
          <button type="button" onClick={onCancel}>
            {t.cancel}
          </button>
        </div>
      ) : (
        submit
      )}
    </>
  );
}

/** A table of records: the views differ only in their column headings and rows. */
export function Table({
  columns,
  variant,
  testId,
  children,
}: {
  columns: ReactNode[];
  variant?: 'compact' | 'clickable';
  testId?: string;
  children: ReactNode;
}) {
  return (
    <table className={variant ? `table ${variant}` : 'table'} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c, k) => (
            <th key={k}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A reminder or escalation step taken on a deadline; reminders share one colour whatever their lead time. */
export function StepTag({
  type,
  step,
  title,
  children,
}: {
  type: string;
  step: string;
  title?: string;
  children?: ReactNode;
}) {
  const { t, lang } = useI18n();
  return (
    <span className={`tag tag-${type === 'reminder' ? 'reminder' : step}`} title={title}>
      {stepLabel(t, lang, step)}
      {children}
    </span>
  );
}

/** A field choosing one of a fixed list of codes (a checklist item, a severity, …), each shown by its label. */
export function SelectField<T extends string>(p: {
  label?: ReactNode;
  errors: FieldErrors;
  path: string;
  value: string;
  onChange(value: string): void;
  options: readonly T[];
  optionLabel(option: T): ReactNode;
  testId?: string;
}) {
  return (
    <Field label={p.label} errors={p.errors} path={p.path}>
      <select value={p.value} onChange={(e) => p.onChange(e.target.value)} data-testid={p.testId}>
        {p.options.map((o) => (
          <option key={o} value={o}>
            {p.optionLabel(o)}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function Stat({
  label,
  value,
  tone,
  testId,
}: {
  label: ReactNode;
  value: ReactNode;
  tone?: string;
  testId?: string;
}) {
  return (
    <div className={`stat ${tone ? `stat-${tone}` : ''}`} data-testid={testId}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

/** The time zone clocks are shown in: the campaign's inside a campaign, the plan's (China Standard Time) elsewhere. */
export const TimeZoneContext = createContext('Asia/Shanghai');

export function Updated({ at }: { at: number | undefined }) {
  const { t, lang } = useI18n();
  const timeZone = useContext(TimeZoneContext);
  if (!at) return null;
  return (
    <span className="muted small" data-testid="updated-at">
      {t.lastUpdated} {new Date(at).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false, timeZone })}
    </span>
  );
}
