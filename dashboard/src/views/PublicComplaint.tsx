import { useEffect, useState, type FormEvent } from 'react';
import { COMPLAINT_KINDS } from '../../../domain/complaints';
import { api, ApiError, randomKey } from '../api';
import { Field, FormActions, LoadError, Section } from '../components';
import { complaintBody } from '../complaintBody';
import { errorsOfApi, type FieldErrors } from '../forms';
import { fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { AgencyPicker, agencyPathLabel } from './AgencyPicker';

/** The public never sees a campaign's settings: dates are shown in the zone of the plan (China Standard Time). */
const PUBLIC_TZ = 'Asia/Shanghai';

/** The public complaint form (举报): no key, anonymous allowed, answered with a tracking code. */
export function ComplaintForm() {
  const { t } = useI18n();
  const [kind, setKind] = useState<string>('inaction');
  const [agencyName, setAgencyName] = useState('');
  // The agency picked from the registry: its id goes with the complaint, its place and name are what the citizen sees.
  const [agencyId, setAgencyId] = useState('');
  const [picked, setPicked] = useState('');
  const [description, setDescription] = useState('');
  const [contact, setContact] = useState({ name: '', phone: '', email: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState<{ trackingCode: string; dueAt?: string } | null>(null);
  const [key, setKey] = useState(randomKey);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = complaintBody({ channel: 'web', kind, agencyId, agencyName, description, contact });
    if (!parsed.ok) return setErrors(parsed.errors);
    setBusy(true);
    setErrors({});
    try {
      const res = await api.post<{ trackingCode: string; dueAt?: string }>('/v1/complaints', parsed.body, {
        anonymous: true,
        idempotencyKey: key,
      });
      setFiled(res);
      setKey(randomKey());
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    } finally {
      setBusy(false);
    }
  };

  if (filed) {
    return (
      <Section title={t.fileComplaint} testId="complaint-filed">
        <p>{t.complaintFiled}</p>
        <TrackingCode code={filed.trackingCode} testId="tracking-code" />
        <p>
          <Link
            to={`/track/${encodeURIComponent(filed.trackingCode)}`}
            className="button primary"
            data-testid="track-link"
          >
            {t.trackComplaint}
          </Link>
        </p>
      </Section>
    );
  }

  return (
    <Section title={t.fileComplaint} testId="complaint-form">
      <form onSubmit={submit} noValidate>
        <p className="muted">{t.anonymousOk}</p>
        <Field errors={errors} path="kind">
          <div className="radios" role="radiogroup">
            {COMPLAINT_KINDS.map((k) => (
              <label key={k} className="radio">
                <input
                  type="radio"
                  name="kind"
                  value={k}
                  checked={kind === k}
                  onChange={() => setKind(k)}
                  data-testid={`kind-${k}`}
                />
                {t.complaintKinds[k]}
              </label>
            ))}
          </div>
        </Field>
        <AgencyPicker onPick={(a) => (setAgencyId(a.id), setAgencyName(a.name), setPicked(agencyPathLabel(a)))} />
        {picked ? (
          <p className="picked" data-testid="complaint-agency-picked">
            {t.agencyPicked}：{picked}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => (setAgencyId(''), setAgencyName(''), setPicked(''))}
              data-testid="complaint-agency-clear"
            >
              {t.agencyUnpick}
            </button>
          </p>
        ) : (
          <Field label={t.agencyOptional} errors={errors} path="agencyName">
            <input
              type="text"
              value={agencyName}
              onChange={(e) => setAgencyName(e.target.value)}
              data-testid="complaint-agency-name"
            />
          </Field>
        )}
        <Field errors={errors} path="description">
          <textarea
            rows={6}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            data-testid="complaint-description"
          />
        </Field>
        <fieldset>
          <legend>{t.contactOptional}</legend>
          <div className="row">
            <Field errors={errors} path="contact.name">
              <input
                type="text"
                value={contact.name}
                onChange={(e) => setContact((c) => ({ ...c, name: e.target.value }))}
              />
            </Field>
            <Field errors={errors} path="contact.phone">
              <input
                type="tel"
                value={contact.phone}
                onChange={(e) => setContact((c) => ({ ...c, phone: e.target.value }))}
                data-testid="complaint-phone"
              />
            </Field>
            <Field errors={errors} path="contact.email">
              <input
                type="email"
                value={contact.email}
                onChange={(e) => setContact((c) => ({ ...c, email: e.target.value }))}
              />
            </Field>
          </div>
        </fieldset>
        <FormActions errors={errors} submitLabel={t.submit} submitTestId="complaint-submit" busy={busy} />
      </form>
    </Section>
  );
}

interface Tracking {
  trackingCode: string;
  status: string;
  receivedAt: string;
  dueAt: string;
  concludedAt: string | null;
  outcome: string | null;
  reply: string | null;
  overdue: boolean;
}

/** Copies text to the clipboard; where the Clipboard API is refused (a page not served over HTTPS), by a selection. */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

/** A tracking code on one line (it is read out over the phone in its groups) with a button that copies it. */
function TrackingCode({ code, testId }: { code: string; testId: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  return (
    <div className="tracking-code-row">
      <span className="tracking-code" data-testid={testId}>
        {code}
      </span>
      <button
        type="button"
        onClick={() =>
          copyText(code).then(
            () => setCopied('yes'),
            () => setCopied('failed'),
          )
        }
        data-testid="copy-code"
      >
        {t.copyCode}
      </button>
      {copied ? (
        <span className={copied === 'yes' ? 'muted small' : 'field-error'} role="status" data-testid="copy-result">
          {copied === 'yes' ? t.copied : t.copyFailed}
        </span>
      ) : null}
    </div>
  );
}

/** The tracking page: status, dates, outcome and the bureau's reply by code — nothing else. */
export function TrackComplaint({ code }: { code?: string }) {
  const { t, lang } = useI18n();
  const [input, setInput] = useState(code ?? '');
  const [result, setResult] = useState<Tracking | null>(null);
  const [error, setError] = useState<ApiError | undefined>();

  useEffect(() => {
    setInput(code ?? '');
    setResult(null);
    setError(undefined);
    if (!code) return;
    let cancelled = false;
    const load = () =>
      api
        .get<Tracking>(`/v1/complaints/track/${encodeURIComponent(code)}`, { anonymous: true })
        .then((r) => !cancelled && (setResult(r), setError(undefined)))
        .catch((err: ApiError) => !cancelled && setError(err));
    void load();
    const timer = setInterval(load, 10_000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [code]);

  return (
    <Section title={t.trackComplaint} testId="track">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (input.trim()) navigate(`/track/${encodeURIComponent(input.trim())}`);
        }}
      >
        <Field label={t.trackingCode} hint={t.trackHint}>
          <input type="text" value={input} onChange={(e) => setInput(e.target.value)} data-testid="track-input" />
        </Field>
        <div>
          <button type="submit" className="primary" data-testid="track-submit">
            {t.track}
          </button>
        </div>
      </form>
      {error ? (
        error.status === 404 && !/no route/.test(error.message) ? (
          <p className="error">{t.notFound}</p>
        ) : (
          <LoadError error={error} />
        )
      ) : null}
      {result ? (
        <dl className="facts" data-testid="track-result" data-status={result.status}>
          <dt>{t.trackingCode}</dt>
          <dd>
            <TrackingCode code={result.trackingCode} testId="track-code" />
          </dd>
          <dt>{t.status}</dt>
          <dd>
            <span className={`status complaint-${result.status}`} data-testid="track-status">
              {t.complaintStatuses[result.status] ?? result.status}
            </span>
          </dd>
          <dt>{t.receivedAt}</dt>
          <dd>{fmtDateTime(result.receivedAt, lang, PUBLIC_TZ)}</dd>
          <dt>{t.dueAt}</dt>
          <dd>
            {fmtDateTime(result.dueAt, lang, PUBLIC_TZ)}{' '}
            {result.overdue ? (
              <span className="tag tag-overdue" data-testid="track-overdue">
                {t.pastDue}
              </span>
            ) : null}
          </dd>
          <dt>{t.concludedAt}</dt>
          <dd>{fmtDateTime(result.concludedAt, lang, PUBLIC_TZ)}</dd>
          <dt>{t.outcome}</dt>
          <dd>{result.outcome ? (t.outcomes[result.outcome] ?? result.outcome) : '—'}</dd>
          <dt>{t.bureauReply}</dt>
          <dd className="reply" data-testid="track-reply">
            {result.reply ?? <span className="muted">{t.noReplyYet}</span>}
          </dd>
        </dl>
      ) : null}
    </Section>
  );
}
