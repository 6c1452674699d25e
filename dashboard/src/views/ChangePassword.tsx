import { useState, type FormEvent } from 'react';
import { api, ApiError, session, type Me } from '../api';
import { Field, FormActions, Section } from '../components';
import { errorsOfApi, type FieldErrors } from '../forms';
import { useI18n } from '../i18n';

/** A person's own password: forced after a generated one; the change signs them out on every other device. */
export function ChangePassword({ me, onChanged }: { me: Me; onChanged(me: Me): void }) {
  const { t } = useI18n();
  const [v, setV] = useState({ current: '', next: '', repeat: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setDone(false);
    if (v.next !== v.repeat) {
      setErrors({ repeat: t.passwordsDiffer });
      return;
    }
    try {
      const res = await api.post<{ user: Me }>('/v1/auth/password', { current: v.current, next: v.next });
      session.remember(res.user);
      setV({ current: '', next: '', repeat: '' });
      setDone(true);
      onChanged(res.user);
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    }
  };
  return (
    <Section title={t.changePassword} testId="change-password">
      {me.person?.mustChangePassword ? (
        <p className="notice" data-testid="must-change">
          {t.mustChangePassword}
        </p>
      ) : null}
      {done ? (
        <p className="notice" data-testid="password-changed">
          {t.passwordChanged}
        </p>
      ) : null}
      <form className="inline-form" onSubmit={submit} noValidate>
        <Field errors={errors} path="current">
          <input
            type="password"
            autoComplete="current-password"
            value={v.current}
            onChange={(e) => setV({ ...v, current: e.target.value })}
            data-testid="password-current"
          />
        </Field>
        <Field label={t.newPassword} errors={errors} path="next">
          <input
            type="password"
            autoComplete="new-password"
            value={v.next}
            onChange={(e) => setV({ ...v, next: e.target.value })}
            data-testid="password-next"
          />
        </Field>
        <Field errors={errors} path="repeat">
          <input
            type="password"
            autoComplete="new-password"
            value={v.repeat}
            onChange={(e) => setV({ ...v, repeat: e.target.value })}
            data-testid="password-repeat"
          />
        </Field>
        <FormActions errors={errors} submitLabel={t.changePassword} submitTestId="password-submit" />
      </form>
    </Section>
  );
}
