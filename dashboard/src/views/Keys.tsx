import { useState, type FormEvent } from 'react';
import { api, ApiError, type Me, type PageOf } from '../api';
import { FormActions, Field, LoadError, Section, Table } from '../components';
import { errorsOfApi, type FieldErrors } from '../forms';
import { fmtDateTime } from '../format';
import { usePoll } from '../hooks';
import { fill, useI18n } from '../i18n';
import { ScopeFields, scopeBody, scopeText, type Scope } from './ScopeFields';
import { useUnitNames } from '../unitNames';

interface ApiKey {
  id: string;
  role: string;
  jurisdictionId: string | null;
  agencyId: string | null;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

/**
 * Keys for scripts and integrations: an administrator hands out any, a bureau those of its own subtree (the API refuses
 * the rest); the token is shown once; keys are listed and revoked here.
 */
export function Keys({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const unitNames = useUnitNames();
  const [scope, setScope] = useState<Scope>({ role: 'bureau', jurisdictionId: '', agencyId: '' });
  const [label, setLabel] = useState('');
  const [token, setToken] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const keys = usePoll(() => api.get<PageOf<ApiKey>>('/v1/api-keys?limit=200'), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setToken(null);
    setErrors({});
    try {
      const res = await api.post<{ token: string }>('/v1/api-keys', { ...scopeBody(scope), label: label.trim() });
      setToken(res.token);
      keys.reload();
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    }
  };
  const revoke = async (k: ApiKey) => {
    if (!window.confirm(fill(t.confirmRevoke, { name: k.label }))) return;
    await api.post(`/v1/api-keys/${encodeURIComponent(k.id)}/revoke`, {}).catch(() => undefined);
    keys.reload();
  };
  return (
    <>
      <Section title={t.keys} testId="keys">
        <form className="inline-form" onSubmit={submit} noValidate>
          <div className="row">
            <ScopeFields
              value={scope}
              roles={
                me.role === 'admin' ? ['bureau', 'agency', 'discipline', 'admin'] : ['agency', 'bureau', 'discipline']
              }
              errors={errors}
              onChange={setScope}
            />
            <Field errors={errors} path="label">
              <input type="text" value={label} onChange={(e) => setLabel(e.target.value)} data-testid="key-label" />
            </Field>
          </div>
          <FormActions errors={errors} submitLabel={t.createKey} submitTestId="key-create" />
        </form>
        {token ? (
          <p data-testid="key-token">
            {t.tokenOnce} <code className="token">{token}</code>
          </p>
        ) : null}
      </Section>
      <Section title={t.keyList} testId="key-list">
        <LoadError error={keys.error} />
        <Table columns={[t.label, t.role, t.jurisdiction, t.createdAt, t.status, '']} variant="compact">
          {(keys.data?.items ?? []).map((k) => (
            <tr key={k.id} data-testid={`key-${k.id}`}>
              <td data-lang-exempt>{k.label}</td>
              <td>{t.roles[k.role] ?? k.role}</td>
              <td>{scopeText(k, unitNames)}</td>
              <td>{fmtDateTime(k.createdAt, lang, 'Asia/Shanghai')}</td>
              <td>{k.revokedAt ? t.revoked : t.active}</td>
              <td>
                {k.revokedAt ? null : (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void revoke(k)}
                    data-testid={`revoke-${k.id}`}
                  >
                    {t.revoke}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      </Section>
    </>
  );
}
