import { useState, type FormEvent } from 'react';
import { api, ApiError, type Me, type PageOf } from '../api';
import { Field, FormActions, LoadError, Section, Table } from '../components';
import { errorsOfApi, type FieldErrors } from '../forms';
import { fmtDateTime } from '../format';
import { usePoll } from '../hooks';
import { fill, useI18n } from '../i18n';
import { ScopeFields, scopeBody, scopeText, type Scope } from './ScopeFields';
import { useUnitNames } from '../unitNames';

interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  jurisdictionId: string | null;
  agencyId: string | null;
  mustChangePassword: boolean;
  oidcSubject: string | null;
  mobile: string | null;
  createdAt: string;
  disabledAt: string | null;
}

/**
 * Accounts: an administrator manages all, a bureau those of its own subtree (the API refuses the rest). A new or reset
 * password is shown once, to be handed to the person, who must change it at the first sign-in.
 */
export function Users({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const unitNames = useUnitNames();
  const [v, setV] = useState({ username: '', displayName: '', oidcSubject: '', mobile: '' });
  const [scope, setScope] = useState<Scope>({
    role: me.role === 'admin' ? 'bureau' : 'agency',
    jurisdictionId: '',
    agencyId: '',
  });
  const [issued, setIssued] = useState<{ username: string; password: string } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const users = usePoll(() => api.get<PageOf<User>>('/v1/users?limit=500'), []);
  const roles = me.role === 'admin' ? ['bureau', 'agency', 'discipline', 'admin'] : ['agency', 'bureau', 'discipline'];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setIssued(null);
    setErrors({});
    try {
      const oidcSubject = v.oidcSubject.trim();
      const mobile = v.mobile.trim();
      const body = {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        ...scopeBody(scope),
        ...(oidcSubject ? { oidcSubject } : {}),
        ...(mobile ? { mobile } : {}),
      };
      const res = await api.post<{ initialPassword: string }>('/v1/users', body);
      setIssued({ username: body.username, password: res.initialPassword });
      setV({ username: '', displayName: '', oidcSubject: '', mobile: '' });
      users.reload();
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    }
  };
  const act = async (u: User, what: 'disable' | 'enable' | 'reset-password') => {
    const confirmation = { disable: t.confirmDisable, enable: t.confirmEnable, 'reset-password': t.confirmReset }[what];
    if (!window.confirm(fill(confirmation, { name: u.displayName }))) return;
    try {
      const res = await api.post<{ initialPassword?: string }>(`/v1/users/${encodeURIComponent(u.id)}/${what}`, {});
      if (res.initialPassword) setIssued({ username: u.username, password: res.initialPassword });
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    }
    users.reload();
  };

  const editMobile = async (u: User) => {
    const answer = window.prompt(fill(t.mobilePrompt, { name: u.displayName }), u.mobile ?? '');
    if (answer === null) return;
    try {
      await api.put(`/v1/users/${encodeURIComponent(u.id)}/mobile`, { mobile: answer.trim() || null });
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    }
    users.reload();
  };

  return (
    <>
      <Section title={t.users} testId="users">
        <form className="inline-form" onSubmit={submit} noValidate>
          <div className="row">
            <Field errors={errors} path="username">
              <input
                type="text"
                value={v.username}
                onChange={(e) => setV({ ...v, username: e.target.value })}
                data-testid="user-username"
              />
            </Field>
            <Field errors={errors} path="displayName">
              <input
                type="text"
                value={v.displayName}
                onChange={(e) => setV({ ...v, displayName: e.target.value })}
                data-testid="user-display-name"
              />
            </Field>
            <ScopeFields value={scope} roles={roles} errors={errors} onChange={setScope} />
            <Field errors={errors} path="oidcSubject" hint={t.oidcSubjectHint}>
              <input
                type="text"
                value={v.oidcSubject}
                onChange={(e) => setV({ ...v, oidcSubject: e.target.value })}
                data-testid="user-oidc-subject"
              />
            </Field>
            <Field errors={errors} path="mobile" hint={t.mobileHint}>
              <input
                type="tel"
                value={v.mobile}
                onChange={(e) => setV({ ...v, mobile: e.target.value })}
                data-testid="user-mobile"
              />
            </Field>
          </div>
          <FormActions errors={errors} submitLabel={t.createUser} submitTestId="user-create" />
        </form>
        {issued ? (
          <p data-testid="initial-password">
            {issued.username} · {t.initialPasswordOnce} <code className="token">{issued.password}</code>
          </p>
        ) : null}
      </Section>
      <Section title={t.users} testId="user-list">
        <LoadError error={users.error} />
        <Table
          columns={[t.displayName, t.username, t.role, t.jurisdiction, t.mobile, t.createdAt, t.status, '']}
          variant="compact"
        >
          {(users.data?.items ?? []).map((u) => (
            <tr key={u.id} data-testid={`user-${u.username}`}>
              <td>{u.displayName}</td>
              <td data-lang-exempt>
                {u.username}
                {u.oidcSubject ? <span className="muted small"> · {u.oidcSubject}</span> : null}
              </td>
              <td>{t.roles[u.role] ?? u.role}</td>
              <td>{scopeText(u, unitNames)}</td>
              <td data-testid={`mobile-${u.username}`}>{u.mobile ?? ''}</td>
              <td>{fmtDateTime(u.createdAt, lang, 'Asia/Shanghai')}</td>
              <td>{u.disabledAt ? t.disabled : t.active}</td>
              <td>
                {u.disabledAt ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void act(u, 'enable')}
                    data-testid={`enable-${u.username}`}
                  >
                    {t.enable}
                  </button>
                ) : u.id === me.person?.userId ? null : (
                  <>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void editMobile(u)}
                      data-testid={`edit-mobile-${u.username}`}
                    >
                      {t.editMobile}
                    </button>{' '}
                    <button type="button" className="link-button" onClick={() => void act(u, 'reset-password')}>
                      {t.resetPassword}
                    </button>{' '}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void act(u, 'disable')}
                      data-testid={`disable-${u.username}`}
                    >
                      {t.disable}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </Table>
      </Section>
    </>
  );
}
