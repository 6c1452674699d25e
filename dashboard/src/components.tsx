import { createContext, useContext, type ReactNode } from 'react';
import type { ApiError } from './api';
import type { FieldErrors } from './forms';
import { useI18n } from './i18n';

export function LightBadge({ light, testId }: { light: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <span className={`light light-${light}`} data-light={light} data-testid={testId} title={t.lightMeaning[light] ?? ''}>
      <span className="dot" aria-hidden="true" />
      {t.lights[light] ?? light}
    </span>
  );
}

export function Section({ title, children, actions, testId }: { title: ReactNode; children: ReactNode; actions?: ReactNode; testId?: string }) {
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
  const { t } = useI18n();
  if (!error) return null;
  if (error.status === 404 && error.code === 'not_found' && /no route/.test(error.message)) {
    return <p className="muted" data-testid="not-available">{t.notAvailable}{what ? `（${what}）` : ''}</p>;
  }
  return (
    <p className="error" role="alert">
      {t.error}: {error.status ? `${error.status} ` : ''}
      {error.message}
    </p>
  );
}

export const isMissingRoute = (error: ApiError | undefined) => !!error && error.status === 404 && /no route/.test(error.message);

export function Loading() {
  const { t } = useI18n();
  return <p className="muted">{t.loading}</p>;
}

export function FieldError({ errors, path }: { errors: FieldErrors; path: string }) {
  return errors[path] ? <span className="field-error" role="alert">{errors[path]}</span> : null;
}

export function FormError({ errors }: { errors: FieldErrors }) {
  const { t } = useI18n();
  const others = Object.entries(errors).filter(([k]) => k !== '_');
  if (!errors._ && others.length === 0) return null;
  return (
    <div className="error" role="alert" data-testid="form-error">
      {errors._ ?? t.invalid}
      {others.length ? (
        <ul>
          {others.map(([k, v]) => (
            <li key={k}>
              <code>{k}</code>: {v}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Field({ label, children, errors, path, hint }: { label: ReactNode; children: ReactNode; errors?: FieldErrors; path?: string; hint?: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint ? <span className="muted small">{hint}</span> : null}
      {errors && path ? <FieldError errors={errors} path={path} /> : null}
    </label>
  );
}

export function Stat({ label, value, tone, testId }: { label: ReactNode; value: ReactNode; tone?: string; testId?: string }) {
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
