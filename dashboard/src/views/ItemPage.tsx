import { useState, type FormEvent } from 'react';
import { ACTION_FROM, ACTION_ROLES, ItemActionSchema, type ItemActionName } from '../../../domain/ledger';
import { api, ApiError, randomKey, type Me } from '../api';
import { Field, FormActions, LoadError, Loading, Section, StepTag, Table, Updated } from '../components';
import { errorsOfApi, fieldErrors, type FieldErrors } from '../forms';
import { fmtDateTime, zonedInputToIso, zoneLabel } from '../format';
import { usePoll } from '../hooks';
import { fieldLabel } from '../fieldLabels';
import { checklistLabel, useI18n } from '../i18n';
import { Link } from '../router';
import type { Evidence, ItemDetail, ItemHistoryEntry } from '../types';
import type { CampaignContext } from './CampaignFrame';
import { EvidenceFields, blankEvidence, evidenceBody, type EvidenceRow } from './EvidenceFields';
import { FileList } from './FileList';
import { actorName, historySentence } from './historyText';

/** The actions the signed-in role may take on this item now. */
export function availableActions(item: ItemDetail, role: string): ItemActionName[] {
  const pendingExtension = (item.extensions ?? []).some((e) => !e.decision);
  return (Object.keys(ACTION_FROM) as ItemActionName[]).filter((a) => {
    if (
      !ACTION_ROLES[a].includes(role as 'agency' | 'bureau') ||
      !(ACTION_FROM[a] as readonly string[]).includes(item.status)
    )
      return false;
    switch (a) {
      case 'request_extension':
        return (
          item.classification !== 'disciplinary_lead' &&
          !pendingExtension &&
          Date.parse(item.deadline?.dueAt ?? item.dueAt) > Date.now()
        );
      case 'decide_extension':
        return pendingExtension;
      case 'list_supervision':
        return !(item.deadline?.listed ?? item.listed);
      case 'lift_listing':
        return item.deadline?.listed ?? item.listed;
      case 'refer':
        return !item.referral && (role === 'bureau' || item.classification === 'disciplinary_lead');
      default:
        return true;
    }
  });
}

export function ItemPage({ campaign, itemId, me }: { campaign: CampaignContext; itemId: string; me: Me }) {
  const { t, lang } = useI18n();
  const item = usePoll(() => api.get<ItemDetail>(`/v1/items/${encodeURIComponent(itemId)}`), [itemId]);
  const [action, setAction] = useState<ItemActionName | null>(null);
  const tz = campaign.timeZone;
  const i = item.data;
  if (!i) return item.error ? <LoadError error={item.error} /> : <Loading />;
  const actions = availableActions(i, me.role);
  const evidence = (i.history ?? []).flatMap((h) =>
    ((h.detail?.evidence as Evidence[] | undefined) ?? []).map((e) => ({ ...e, at: h.at, action: h.action })),
  );
  const dueAt = i.deadline?.dueAt ?? i.dueAt;
  const agencyPath = `/campaigns/${encodeURIComponent(campaign.id)}/agencies/${encodeURIComponent(i.agencyId)}`;

  return (
    <div className="grid" data-testid="item-page" data-status={i.status}>
      <Section
        title={
          <>
            {t.item} <span className="muted small">{checklistLabel(lang, i.checklistCode)}</span>
          </>
        }
        actions={<Updated at={item.updatedAt} />}
        testId="item-head"
      >
        <p className="item-description">{i.description}</p>
        <dl className="facts">
          <dt>{t.status}</dt>
          <dd>
            <span className={`status status-${i.status}`} data-testid="item-status" data-status={i.status}>
              {t.itemStatuses[i.status] ?? i.status}
            </span>
            {i.closure ? <span className="muted"> · {t.closures[i.closure.kind] ?? i.closure.kind}</span> : null}
            {i.overdue && i.status !== 'closed' ? <span className="tag tag-overdue">{t.overdue}</span> : null}
            {(i.deadline?.listed ?? i.listed) ? <span className="tag tag-listed_supervision">{t.listed}</span> : null}
          </dd>
          <dt>{t.agency}</dt>
          <dd>
            <Link to={agencyPath}>{i.agencyName ?? t.agency}</Link>
          </dd>
          <dt>{t.checklistCode}</dt>
          <dd>{checklistLabel(lang, i.checklistCode)}</dd>
          <dt>{t.source}</dt>
          <dd>{t.sources[i.source] ?? i.source}</dd>
          <dt>{t.severity}</dt>
          <dd>{t.severities[i.severity] ?? i.severity}</dd>
          <dt>{t.classification}</dt>
          <dd>{t.classifications[i.classification] ?? i.classification}</dd>
          <dt>{t.responsiblePerson}</dt>
          <dd>{i.responsiblePerson ?? '—'}</dd>
          <dt>{fieldLabel('measures', lang)}</dt>
          <dd className="pre" data-testid="item-measures">
            {i.measures ?? '—'}
          </dd>
          <dt>{fieldLabel('foundOn', lang)}</dt>
          <dd data-testid="item-found-on">{i.foundOn ?? '—'}</dd>
          <dt>{t.dueAt}</dt>
          <dd data-testid="item-due">{fmtDateTime(dueAt, lang, tz)}</dd>
          <dt>{t.createdAt}</dt>
          <dd>{fmtDateTime(i.createdAt, lang, tz)}</dd>
          {i.closure ? (
            <>
              <dt>{t.closure}</dt>
              <dd>
                {t.closures[i.closure.kind] ?? i.closure.kind} {i.closure.at ? fmtDateTime(i.closure.at, lang, tz) : ''}{' '}
                {i.closure.note ?? i.closure.reason ?? ''}
              </dd>
            </>
          ) : null}
          {i.referral ? (
            <>
              <dt>{t.referral}</dt>
              <dd>
                {t.referredAt} {fmtDateTime(i.referral.referredAt, lang, tz)} · {t.acknowledgedAt}{' '}
                {i.referral.acknowledgedAt ? fmtDateTime(i.referral.acknowledgedAt, lang, tz) : t.pending}
              </dd>
            </>
          ) : null}
        </dl>
      </Section>

      <Section title={t.actions} testId="item-actions">
        {actions.length === 0 ? <p className="muted">{t.noActions}</p> : null}
        <div className="buttons">
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              className={action === a ? 'primary' : ''}
              onClick={() => setAction(a)}
              data-testid={`action-${a}`}
            >
              {t.itemActions[a] ?? a}
            </button>
          ))}
        </div>
        {action && actions.includes(action) ? (
          <ActionForm
            key={action}
            action={action}
            itemId={i.id}
            tz={tz}
            onCancel={() => setAction(null)}
            onDone={() => {
              setAction(null);
              item.reload();
            }}
          />
        ) : null}
      </Section>

      <Section title={t.history} testId="item-history">
        <HistoryTable history={i.history ?? []} tz={tz} />
      </Section>

      <div className="grid-2">
        <Section title={t.evidence} testId="item-evidence">
          {evidence.length === 0 ? (
            <p className="muted">{t.none}</p>
          ) : (
            <ul className="evidence">
              {evidence.map((e, k) => (
                <li key={k}>
                  {e.url ? (
                    <a href={e.url} target="_blank" rel="noreferrer noopener">
                      {e.title}
                    </a>
                  ) : (
                    <strong>{e.title}</strong>
                  )}
                  {e.note ? ` — ${e.note}` : ''}
                  <div className="muted small">
                    {t.itemActions[e.action] ?? e.action} · {fmtDateTime(e.at, lang, tz)}
                  </div>
                </li>
              ))}
            </ul>
          )}
          {i.files?.length ? <FileList files={i.files} /> : null}
        </Section>
        <Section title={`${t.extensions} · ${t.remindersAndEscalations}`} testId="item-deadline">
          {(i.extensions ?? []).length ? (
            <Table columns={[t.proposedDueAt, t.reason, t.decision]} variant="compact">
              {(i.extensions ?? []).map((e, k) => (
                <tr key={k}>
                  <td className="nowrap">{fmtDateTime(e.proposedDueAt, lang, tz)}</td>
                  <td>{e.reason}</td>
                  <td>{e.decision ? (e.decision.approved ? t.approved : t.rejected) : t.pending}</td>
                </tr>
              ))}
            </Table>
          ) : null}
          {(i.deadline?.taken ?? []).length ? (
            <ul className="steps">
              {(i.deadline?.taken ?? []).map((s, k) => (
                <li key={k}>
                  <StepTag type={s.type} step={s.step} /> {fmtDateTime(s.occurredAt, lang, tz)} {s.noticeNumber ?? ''}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t.noEvents}</p>
          )}
        </Section>
      </div>
    </div>
  );
}

function HistoryTable({ history, tz }: { history: ItemHistoryEntry[]; tz: string }) {
  const { t, lang } = useI18n();
  return (
    <Table columns={[t.at, t.by, t.historyWhat, t.change]} variant="compact" testId="history-table">
      {history.map((h, k) => (
        <tr key={k} data-testid="history-row" data-action={h.action}>
          <td className="nowrap">{fmtDateTime(h.at, lang, tz, { seconds: false })}</td>
          <td>{actorName(h.by, t)}</td>
          <td data-testid="history-sentence">{historySentence(h, t, lang, tz)}</td>
          <td className="nowrap">
            {h.to
              ? `${h.from && h.from !== h.to ? `${t.itemStatuses[h.from] ?? ''} → ` : ''}${t.itemStatuses[h.to] ?? ''}`
              : ''}
          </td>
        </tr>
      ))}
    </Table>
  );
}

function ActionForm({
  action,
  itemId,
  tz,
  onDone,
  onCancel,
}: {
  action: ItemActionName;
  itemId: string;
  tz: string;
  onDone(): void;
  onCancel(): void;
}) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [date, setDate] = useState('');
  const [choice, setChoice] = useState(action === 'close' ? 'closed_unrectifiable' : 'true');
  const [evidence, setEvidence] = useState<EvidenceRow[]>(action === 'submit' ? [blankEvidence()] : []);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [key] = useState(randomKey);

  const body = (): Record<string, unknown> => {
    const txt = text.trim();
    switch (action) {
      case 'start':
        return { action, ...(txt ? { note: txt } : {}) };
      case 'submit':
        return { action, note: txt, evidence: evidenceBody(evidence) };
      case 'verify': {
        const ev = evidenceBody(evidence);
        return { action, note: txt, ...(ev.length ? { evidence: ev } : {}) };
      }
      case 'reject':
        return { action, reason: txt };
      case 'close':
        return { action, outcome: choice, reason: txt };
      case 'request_extension':
        return { action, reason: txt, proposedDueAt: zonedInputToIso(date, tz) ?? date };
      case 'decide_extension':
        return { action, approve: choice === 'true', ...(txt ? { note: txt } : {}) };
      case 'list_supervision':
      case 'lift_listing':
        return { action, reason: txt };
      case 'refer':
        return { action, summary: txt };
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = ItemActionSchema.safeParse(body());
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    setBusy(true);
    setErrors({});
    try {
      await api.post(`/v1/items/${encodeURIComponent(itemId)}/actions`, parsed.data, { idempotencyKey: key });
      onDone();
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    } finally {
      setBusy(false);
    }
  };

  const textPath = {
    start: 'note',
    submit: 'note',
    verify: 'note',
    reject: 'reason',
    close: 'reason',
    request_extension: 'reason',
    decide_extension: 'note',
    list_supervision: 'reason',
    lift_listing: 'reason',
    refer: 'summary',
  }[action];
  const textLabel = { note: t.note, reason: t.reason, summary: t.summary }[textPath] ?? t.note;

  return (
    <form className="inline-form" onSubmit={submit} data-testid={`item-action-form-${action}`} noValidate>
      <h3>{t.itemActions[action]}</h3>
      {action === 'close' ? (
        <Field errors={errors} path="outcome">
          <select value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="closed_unrectifiable">{t.closures.closed_unrectifiable}</option>
            <option value="withdrawn">{t.closures.withdrawn}</option>
          </select>
        </Field>
      ) : null}
      {action === 'decide_extension' ? (
        <Field errors={errors} path="approve">
          <select value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="action-approve">
            <option value="true">{t.approved}</option>
            <option value="false">{t.rejected}</option>
          </select>
        </Field>
      ) : null}
      {action === 'request_extension' ? (
        <Field label={`${t.proposedDueAt}（${zoneLabel(tz, lang)}）`} errors={errors} path="proposedDueAt">
          <input
            type="datetime-local"
            step={1}
            value={date}
            onChange={(e) => setDate(e.target.value)}
            data-testid="action-date"
          />
        </Field>
      ) : null}
      <Field label={textLabel} errors={errors} path={textPath}>
        <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} data-testid="action-text" />
      </Field>
      {action === 'submit' || action === 'verify' ? (
        <EvidenceFields rows={evidence} onChange={setEvidence} errors={errors} />
      ) : null}
      <FormActions
        errors={errors}
        submitLabel={t.submit}
        submitTestId="action-confirm"
        busy={busy}
        onCancel={onCancel}
      />
    </form>
  );
}
