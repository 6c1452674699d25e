import { useState, type FormEvent } from 'react';
import { api, ApiError, session, type Me } from '../api';
import { Field } from '../components';
import { useI18n } from '../i18n';
import { Link } from '../router';

export function SignIn({ onSignedIn }: { onSignedIn(me: Me): void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const key = token.trim();
      const me = await api.get<Me>('/v1/me', { token: key });
      session.save(key, me);
      onSignedIn(me);
    } catch (err) {
      setError(err instanceof ApiError ? `${err.status} ${err.message}` : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <form className="card narrow" onSubmit={submit} data-testid="signin-form">
        <h1>{t.appTitle}</h1>
        <Field label={t.apiKey} hint={t.apiKeyHint}>
          <input
            type="password"
            name="token"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            data-testid="signin-token"
            required
          />
        </Field>
        {error ? (
          <p className="error" role="alert">
            {t.signInFailed}: {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy || !token.trim()} data-testid="signin-submit">
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
