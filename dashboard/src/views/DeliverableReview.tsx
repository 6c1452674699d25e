import { useState, type FormEvent } from 'react';
import { ReturnDeliverableSchema } from '../../../domain/deliverables';
import { api, ApiError, randomKey } from '../api';
import { Field, FormActions, LoadError, Loading } from '../components';
import type { FileMeta } from '../files';
import { errorsOfApi, fieldErrors, type FieldErrors } from '../forms';
import { fmtDateTime } from '../format';
import { usePoll } from '../hooks';
import { deliverableLabel, useI18n } from '../i18n';
import { SubmissionView } from './SubmissionView';

export interface DeliverableRead {
  code: string;
  status: 'not_submitted' | 'submitted' | 'returned' | 'accepted';
  dueAt: string;
  submission: { body: Record<string, unknown>; submittedAt: string; late: boolean } | null;
  files: FileMeta[];
  history: { action: 'submitted' | 'returned' | 'accepted'; at: string; reason?: string }[];
}

/**
 * The bureau reads what the agency submitted (content, files, history) and accepts it (审核通过) or returns it with a
 * reason (退回); the agency reads the same, with the bureau's decisions.
 */
export function DeliverableReview(p: {
  campaignId: string;
  agencyId: string;
  code: string;
  tz: string;
  canReturn: boolean;
  onChanged(): void;
  onClose(): void;
}) {
  const { t, lang } = useI18n();
  const path = `/v1/campaigns/${encodeURIComponent(p.campaignId)}/agencies/${encodeURIComponent(p.agencyId)}/deliverables/${p.code}`;
  const read = usePoll(() => api.get<DeliverableRead>(path), [path], 0);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [key] = useState(randomKey);

  /** One decision (审核通过 or 退回) sent under the lock of the agency's workflow; the form shows a refusal. */
  const decide = async (action: 'accept' | 'return', body: unknown) => {
    setBusy(true);
    setErrors({});
    try {
      await api.post(`${path}/${action}`, body, { idempotencyKey: key });
      read.reload();
      p.onChanged();
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
      else throw err;
    } finally {
      setBusy(false);
    }
  };

  const sendBack = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = ReturnDeliverableSchema.safeParse({ reason });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    await decide('return', parsed.data);
  };

  const d = read.data;
  return (
    <div className="inline-form" data-testid={`review-${p.code}`} data-status={d?.status}>
      <h3>
        {p.code} {deliverableLabel(lang, p.code)}{' '}
        {d?.status === 'returned' ? <span className="tag tag-overdue">{t.returned}</span> : null}
        {d?.status === 'accepted' ? (
          <span className="tag tag-ok" data-testid="accepted-tag">
            {t.accepted}
          </span>
        ) : null}
      </h3>
      <LoadError error={read.error} />
      {!d ? <Loading /> : null}
      {d?.submission ? (
        <>
          <h4>{t.submission}</h4>
          <SubmissionView code={p.code} body={d.submission.body} files={d.files} />
        </>
      ) : null}
      {d?.history.length ? (
        <>
          <h4>{t.submissionHistory}</h4>
          <ol className="small" data-testid="deliverable-history">
            {d.history.map((h, i) => (
              <li key={i} data-action={h.action}>
                {fmtDateTime(h.at, lang, p.tz)} {t.historyActions[h.action] ?? h.action}
                {h.reason ? `：${h.reason}` : ''}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {p.canReturn && d?.status === 'submitted' ? (
        <form onSubmit={sendBack} noValidate>
          <div className="buttons">
            <button type="button" disabled={busy} onClick={() => void decide('accept', {})} data-testid="accept-submit">
              {t.acceptDeliverable}
            </button>
          </div>
          <Field label={t.returnReason} errors={errors} path="reason">
            <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="return-reason" />
          </Field>
          <FormActions
            errors={errors}
            submitLabel={t.returnDeliverable}
            submitTestId="return-submit"
            busy={busy}
            onCancel={p.onClose}
          />
        </form>
      ) : (
        <div className="buttons">
          <button type="button" onClick={p.onClose}>
            {t.cancel}
          </button>
        </div>
      )}
    </div>
  );
}
