import { useEffect, useState, type FormEvent } from 'react';
import { ERROR_CODES } from '../../../domain/errorCodes';
import { api, ApiError, session, type Me } from '../api';
import { Field } from '../components';
import { errorText } from '../apiError';
import { useI18n } from '../i18n';
import { Link, useLocation } from '../router';

/** How this product signs people in (GET /v1/auth/methods); until it answers, the password form as before. */
interface Methods {
  password: boolean;
  oidc: boolean;
}

/** Why the identity provider's sign-in came back without a session: the code the API's callback put in the URL. */
function providerRefusal(code: string | null): ApiError | null {
  if (!code) return null;
  const status = Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code as keyof typeof ERROR_CODES].status : 403;
  return new ApiError(status, code, `Sign-in through the identity provider was refused (${code})`);
}

/**
 * Username and password; the API answers with a session cookie (HttpOnly) and the session's CSRF token. Where the
 * province's identity provider is configured, its button (统一身份认证登录) goes there; with LOCAL_PASSWORDS=off it is
 * the only way in.
 */
export function SignIn({ onSignedIn }: { onSignedIn(me: Me): void }) {
  const { t, lang } = useI18n();
  const { search } = useLocation();
  const [v, setV] = useState({ username: '', password: '' });
  const [methods, setMethods] = useState<Methods>({ password: true, oidc: false });
  const refusal = providerRefusal(search.get('signInError'));
  const [error, setError] = useState<string | null>(refusal ? errorText(refusal, lang) : null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api
      .get<Methods>('/v1/auth/methods', { anonymous: true })
      .then(setMethods)
      .catch(() => undefined);
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ user: Me }>(
        '/v1/auth/login',
        { username: v.username.trim(), password: v.password },
        { quiet: true },
      );
      session.remember(res.user);
      onSignedIn(res.user);
    } catch (err) {
      setError(err instanceof ApiError ? errorText(err, lang) : String(err));
    } finally {
      setBusy(false);
    }
  };

  const errorLine = error ? (
    <p className="error" role="alert" data-testid="signin-error">
      {t.signInFailed}: {error}
    </p>
  ) : null;
  const provider = methods.oidc ? (
    <a className="button primary signin-oidc" href="/v1/auth/oidc/start" data-testid="signin-oidc">
      {t.signInWithProvider}
    </a>
  ) : null;

  return (
    <div className="signin">
      {methods.password ? (
        <form className="card narrow" onSubmit={submit} data-testid="signin-form">
          <h1>{t.appTitle}</h1>
          <p className="muted small">{t.signInHint}</p>
          {provider ? (
            <div className="signin-provider">
              {provider}
              <p className="muted small">{t.signInOrPassword}</p>
            </div>
          ) : null}
          <Field label={t.username}>
            <input
              type="text"
              name="username"
              autoComplete="username"
              value={v.username}
              onChange={(e) => setV({ ...v, username: e.target.value })}
              data-testid="signin-username"
              required
            />
          </Field>
          <Field label={t.password}>
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              value={v.password}
              onChange={(e) => setV({ ...v, password: e.target.value })}
              data-testid="signin-password"
              required
            />
          </Field>
          {errorLine}
          <button
            type="submit"
            className="primary"
            disabled={busy || !v.username.trim() || !v.password}
            data-testid="signin-submit"
          >
            {t.signIn}
          </button>
        </form>
      ) : (
        <div className="card narrow" data-testid="signin-provider-only">
          <h1>{t.appTitle}</h1>
          <p className="muted small">{t.signInProviderOnly}</p>
          {errorLine}
          {provider}
        </div>
      )}
      <div className="card narrow">
        <h2>{t.publicLinks}</h2>
        <p>
          <Link to="/complain">{t.fileComplaint}</Link> · <Link to="/track">{t.trackComplaint}</Link>
        </p>
      </div>
    </div>
  );
}
