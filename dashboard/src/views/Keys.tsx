import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { Field, FormActions, Section } from '../components';
import { compact, errorsOfApi, type FieldErrors } from '../forms';
import { useI18n } from '../i18n';

/** The administrator hands out keys: a bureau key names its jurisdiction, an agency key its agency. */
export function Keys() {
  const { t } = useI18n();
  const [v, setV] = useState({ role: 'bureau', jurisdictionId: '', agencyId: '', label: '' });
  const [token, setToken] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setToken(null);
    setErrors({});
    try {
      const body = compact({ ...v, jurisdictionId: v.role === 'bureau' ? v.jurisdictionId.trim() : '', agencyId: v.role === 'agency' ? v.agencyId.trim() : '', label: v.label.trim() });
      const res = await api.post<{ token: string }>('/v1/api-keys', body);
      setToken(res.token);
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    }
  };
  return (
    <Section title={t.keys} testId="keys">
      <form className="inline-form" onSubmit={submit} noValidate>
        <div className="row">
          <Field label={t.role} errors={errors} path="role">
            <select value={v.role} onChange={(e) => setV({ ...v, role: e.target.value })}>
              {['bureau', 'agency', 'discipline', 'admin'].map((r) => (
                <option key={r} value={r}>
                  {t.roles[r]}
                </option>
              ))}
            </select>
          </Field>
          {v.role === 'bureau' ? (
            <Field label={t.jurisdiction} errors={errors} path="jurisdictionId">
              <input type="text" value={v.jurisdictionId} onChange={(e) => setV({ ...v, jurisdictionId: e.target.value })} />
            </Field>
          ) : null}
          {v.role === 'agency' ? (
            <Field label={t.agency} errors={errors} path="agencyId">
              <input type="text" value={v.agencyId} onChange={(e) => setV({ ...v, agencyId: e.target.value })} />
            </Field>
          ) : null}
          <Field label={t.label} errors={errors} path="label">
            <input type="text" value={v.label} onChange={(e) => setV({ ...v, label: e.target.value })} />
          </Field>
        </div>
        <FormActions errors={errors} submitLabel={t.createKey} />
      </form>
      {token ? (
        <p>
          {t.tokenOnce} <code className="token">{token}</code>
        </p>
      ) : null}
    </Section>
  );
}
