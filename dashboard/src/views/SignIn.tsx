import { useState, type FormEvent } from 'react';
import { api, ApiError, session, type Me } from '../api';
import { Field } from '../components';
import { errorText } from '../apiError';
import { useI18n } from '../i18n';
import { Link } from '../router';

/** Username and password; the API answers with a session cookie (HttpOnly) and the session's CSRF token. */
export function SignIn({ onSignedIn }: { onSignedIn(me: Me): void }) {
  const { t, lang } = useI18n();
  const [v, setV] = useState({ username: '', password: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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

  return (
    <div className="signin">
      <form className="card narrow" onSubmit={submit} data-testid="signin-form">
        <h1>{t.appTitle}</h1>
        <p className="muted small">{t.signInHint}</p>
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
        {error ? (
          <p className="error" role="alert" data-testid="signin-error">
            {t.signInFailed}: {error}
          </p>
        ) : null}
        <button
          type="submit"
          className="primary"
          disabled={busy || !v.username.trim() || !v.password}
          data-testid="signin-submit"
        >
          {t.signIn}
        </button>
      </form>
      <div className="card narrow">
        <h2>{t.publicLinks}</h2>
        <p>
          <Link to="/complain">{t.fileComplaint}</Link> · <Link to="/track">{t.trackComplaint}</Link>
        </p>
      </div>
    </div>
  );
}
