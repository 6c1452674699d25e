import { useState, type FormEvent, type ReactNode } from 'react';
import { ChecklistAnswerSchema, MoveDeadlineSchema } from '../../../domain/deliverables';
import { ITEM_SOURCES, NewLedgerItemSchema, SEVERITIES, CLASSIFICATIONS } from '../../../domain/ledger';
import { CHECKLIST, CHECKLIST_CODES } from '../../../domain/template';
import { api, ApiError, randomKey, type Me, type PageOf } from '../api';
import { Field, FormError, LightBadge, LoadError, Loading, Section, Stat, Updated } from '../components';
import { compact, errorsOfApi, fieldErrors, type FieldErrors } from '../forms';
import { fmtDateTime, stepLabel, zonedInputToIso } from '../format';
import { usePoll } from '../hooks';
import { areaLabel, checklistLabel, deliverableLabel, useI18n } from '../i18n';
import { Link, navigate } from '../router';
import type { AgencyDetail, DeadlineEvent, DeliverableView, ItemSummary } from '../types';
import type { CampaignContext } from './CampaignFrame';
import { DeliverableForm } from './DeliverableForm';
import { allPages, EventTable } from './Overview';

export function AgencyPage({ campaign, agencyId, me }: { campaign: CampaignContext; agencyId: string; me: Me }) {
  const { t, lang } = useI18n();
  const base = `/v1/campaigns/${encodeURIComponent(campaign.id)}/agencies/${encodeURIComponent(agencyId)}`;
  const agency = usePoll(() => api.get<AgencyDetail>(base), [base]);
  const items = usePoll(() => allPages<ItemSummary>(`/v1/campaigns/${encodeURIComponent(campaign.id)}/items?agencyId=${encodeURIComponent(agencyId)}`), [campaign.id, agencyId]);
  const isBureau = me.role === 'bureau';
  const isSelf = me.role === 'agency' && me.agencyId === agencyId;
  const events = usePoll(
    () => (isBureau ? api.get<PageOf<DeadlineEvent>>(`/v1/campaigns/${encodeURIComponent(campaign.id)}/events?agencyId=${encodeURIComponent(agencyId)}&limit=50`) : Promise.resolve(null)),
    [campaign.id, agencyId, isBureau],
  );
  const [openForm, setOpenForm] = useState<string | null>(null);
  const tz = campaign.timeZone;
  const a = agency.data;
  if (!a) return agency.error ? <LoadError error={agency.error} /> : <Loading />;

  const refresh = () => {
    setOpenForm(null);
    agency.reload();
    items.reload();
  };

  return (
    <div className="grid" data-testid="agency-page" data-agency={agencyId}>
      <Section
        title={
          <>
            {a.name} <span className="muted small">{a.id}</span>
          </>
        }
        actions={<Updated at={agency.updatedAt} />}
        testId="agency-head"
      >
        <div className="stats">
          <Stat label={t.light} value={<LightBadge light={a.light ?? 'green'} testId="agency-light" />} />
          <Stat label={t.phase} value={t.phases[a.phase] ?? a.phase} />
          <Stat
            label={t.nextDeadline}
            value={a.nextDeadline ? <span className="small">{fmtDateTime(a.nextDeadline.dueAt, lang, tz)} · {a.nextDeadline.subject.id}</span> : '—'}
          />
          <Stat label={t.remindersSent} value={a.remindersSent ?? 0} testId="reminders-sent" />
          <Stat label={t.escalationsTaken} value={a.escalationsTaken ?? 0} tone={a.escalationsTaken ? 'orange' : undefined} testId="escalations-taken" />
          {a.listed ? <Stat label={t.listed} value="●" tone="red" /> : null}
        </div>
        {!a.started ? <p className="muted">{t.loading}</p> : null}
      </Section>

      <Section title={t.deliverables} testId="deliverables">
        <table className="table" data-testid="deliverables-table">
          <thead>
            <tr>
              <th>{t.deliverable}</th>
              <th>{t.dueAt}</th>
              <th>{t.light}</th>
              <th>{t.metAt}</th>
              <th>{t.steps}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(a.deliverables ?? []).map((d) => (
              <DeliverableRow
                key={d.code}
                d={d}
                tz={tz}
                canSubmit={isSelf && !d.metAt}
                canMove={isBureau && !d.metAt}
                open={openForm}
                setOpen={setOpenForm}
                campaignId={campaign.id}
                agencyId={agencyId}
                onDone={refresh}
              />
            ))}
          </tbody>
        </table>
      </Section>

      <Section title={t.ledger} testId="ledger" actions={<Updated at={items.updatedAt} />}>
        <LoadError error={items.error} />
        {items.data ? <ItemsTable items={items.data} campaignId={campaign.id} tz={tz} /> : <Loading />}
        {isSelf || isBureau ? (
          openForm === 'new-item' ? (
            <NewItemForm campaignId={campaign.id} agencyId={agencyId} tz={tz} onCancel={() => setOpenForm(null)} onDone={(id) => navigate(`/campaigns/${encodeURIComponent(campaign.id)}/items/${encodeURIComponent(id)}`)} />
          ) : (
            <button type="button" className="primary" onClick={() => setOpenForm('new-item')} data-testid="add-item">
              {t.addItem}
            </button>
          )
        ) : null}
      </Section>

      <Section title={t.checklist} testId="checklist">
        <Checklist a={a} tz={tz} editable={isSelf} campaignId={campaign.id} agencyId={agencyId} onSaved={() => agency.reload()} />
      </Section>

      <Section title={t.remindersAndEscalations} testId="agency-events">
        {isBureau ? (
          <>
            <LoadError error={events.error} />
            {events.data?.items.length ? <EventTable events={events.data.items} timeZone={tz} campaignId={campaign.id} /> : <p className="muted">{t.noEvents}</p>}
          </>
        ) : (
          <TakenSteps deliverables={a.deliverables ?? []} tz={tz} />
        )}
      </Section>
    </div>
  );
}

function DeliverableRow(p: {
  d: DeliverableView;
  tz: string;
  canSubmit: boolean;
  canMove: boolean;
  open: string | null;
  setOpen(v: string | null): void;
  campaignId: string;
  agencyId: string;
  onDone(): void;
}) {
  const { t, lang } = useI18n();
  const { d } = p;
  return (
    <>
      <tr data-testid={`deliverable-${d.code}`} data-light={d.light} data-met={d.metAt ? 'true' : 'false'}>
        <td>
          <strong>{d.code}</strong> {deliverableLabel(lang, d.code)}
        </td>
        <td className="nowrap">
          {fmtDateTime(d.dueAt, lang, p.tz)}
          {d.moves.length ? <div className="muted small">↻ {d.moves.length}</div> : null}
        </td>
        <td>
          <LightBadge light={d.light} />
        </td>
        <td className="nowrap">
          {d.metAt ? fmtDateTime(d.metAt, lang, p.tz) : '—'}
          {d.late ? <span className="tag tag-overdue">{t.late}</span> : null}
        </td>
        <td className="small">
          {d.taken.map((s, i) => (
            <span key={i} className={`tag tag-${s.type === 'reminder' ? 'reminder' : s.step}`} title={fmtDateTime(s.occurredAt, lang, p.tz)}>
              {stepLabel(t, lang, s.step)}
              {s.noticeNumber ? ` ${s.noticeNumber}` : ''}
            </span>
          ))}
        </td>
        <td className="nowrap">
          {p.canSubmit ? (
            <button type="button" onClick={() => p.setOpen(`d-${d.code}`)} data-testid={`submit-${d.code}`}>
              {t.submitDeliverable}
            </button>
          ) : null}
          {p.canMove ? (
            <button type="button" className="link-button" onClick={() => p.setOpen(`m-${d.code}`)} data-testid={`move-${d.code}`}>
              {t.moveDeadline}
            </button>
          ) : null}
        </td>
      </tr>
      {p.open === `d-${d.code}` ? (
        <tr>
          <td colSpan={6}>
            <DeliverableForm campaignId={p.campaignId} agencyId={p.agencyId} code={d.code} onDone={p.onDone} onCancel={() => p.setOpen(null)} />
          </td>
        </tr>
      ) : null}
      {p.open === `m-${d.code}` ? (
        <tr>
          <td colSpan={6}>
            <MoveDeadlineForm campaignId={p.campaignId} agencyId={p.agencyId} code={d.code} tz={p.tz} onDone={p.onDone} onCancel={() => p.setOpen(null)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function MoveDeadlineForm({ campaignId, agencyId, code, tz, onDone, onCancel }: { campaignId: string; agencyId: string; code: string; tz: string; onDone(): void; onCancel(): void }) {
  const { t } = useI18n();
  const [dueAt, setDueAt] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [key] = useState(randomKey);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = MoveDeadlineSchema.safeParse({ dueAt: zonedInputToIso(dueAt, tz) ?? '', reason });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    try {
      await api.post(`/v1/campaigns/${encodeURIComponent(campaignId)}/agencies/${encodeURIComponent(agencyId)}/deadlines/${code}`, parsed.data, { idempotencyKey: key });
      onDone();
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <h3>
        {t.moveDeadline} {code}
      </h3>
      <Field label={`${t.newDueAt} (${tz})`} errors={errors} path="dueAt">
        <input type="datetime-local" step={1} value={dueAt} onChange={(e) => setDueAt(e.target.value)} />
      </Field>
      <Field label={t.reason} errors={errors} path="reason">
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormError errors={errors} />
      <div className="buttons">
        <button type="submit" className="primary">
          {t.save}
        </button>
        <button type="button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}

export function ItemsTable({ items, campaignId, tz }: { items: ItemSummary[]; campaignId: string; tz: string }) {
  const { t, lang } = useI18n();
  if (items.length === 0) return <p className="muted">{t.none}</p>;
  return (
    <table className="table" data-testid="items-table">
      <thead>
        <tr>
          <th>{t.item}</th>
          <th>{t.checklistCode}</th>
          <th>{t.classification}</th>
          <th>{t.severity}</th>
          <th>{t.dueAt}</th>
          <th>{t.status}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id} data-testid={`item-row-${i.id}`} data-status={i.status}>
            <td>
              <Link to={`/campaigns/${encodeURIComponent(campaignId)}/items/${encodeURIComponent(i.id)}`} data-testid="item-link">
                {i.description.length > 60 ? `${i.description.slice(0, 60)}…` : i.description}
              </Link>
              <div className="muted small">
                {i.id} · {t.sources[i.source] ?? i.source}
              </div>
            </td>
            <td>{i.checklistCode}</td>
            <td>{t.classifications[i.classification] ?? i.classification}</td>
            <td>{t.severities[i.severity] ?? i.severity}</td>
            <td className="nowrap">{fmtDateTime(i.dueAt, lang, tz)}</td>
            <td>
              <span className={`status status-${i.status}`}>{t.itemStatuses[i.status] ?? i.status}</span>
              {i.closure ? <div className="muted small">{t.closures[i.closure.kind] ?? i.closure.kind}</div> : null}
              {i.overdue && i.status !== 'closed' ? <span className="tag tag-overdue">{t.overdue}</span> : null}
              {i.listed ? <span className="tag tag-listed_supervision">{t.listed}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NewItemForm({ campaignId, agencyId, tz, onDone, onCancel }: { campaignId: string; agencyId: string; tz: string; onDone(id: string): void; onCancel(): void }) {
  const { t, lang } = useI18n();
  const [v, setV] = useState({
    checklistCode: 'A1',
    source: 'self_found',
    description: '',
    severity: 'general',
    classification: 'immediate',
    responsiblePerson: '',
    measures: '',
    foundOn: '',
    dueAt: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [key] = useState(randomKey);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((o) => ({ ...o, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = compact({ ...v, description: v.description.trim(), dueAt: v.classification === 'scheduled' ? (zonedInputToIso(v.dueAt, tz) ?? v.dueAt) : '' });
    const parsed = NewLedgerItemSchema.safeParse(body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    setBusy(true);
    try {
      const res = await api.post<{ id: string }>(`/v1/campaigns/${encodeURIComponent(campaignId)}/agencies/${encodeURIComponent(agencyId)}/items`, parsed.data, { idempotencyKey: key });
      onDone(res.id);
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={submit} data-testid="new-item-form" noValidate>
      <h3>{t.addItem}</h3>
      <div className="row">
        <Field label={t.checklistCode} errors={errors} path="checklistCode">
          <select value={v.checklistCode} onChange={set('checklistCode')} data-testid="item-checklist">
            {CHECKLIST_CODES.map((c) => (
              <option key={c} value={c}>
                {c} {checklistLabel(lang, c)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t.source} errors={errors} path="source">
          <select value={v.source} onChange={set('source')} data-testid="item-source">
            {ITEM_SOURCES.filter((s) => s !== 'complaint' && s !== 'spot_check').map((s) => (
              <option key={s} value={s}>
                {t.sources[s]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t.description} errors={errors} path="description">
        <textarea rows={3} value={v.description} onChange={set('description')} data-testid="item-description" />
      </Field>
      <div className="row">
        <Field label={t.severity} errors={errors} path="severity">
          <select value={v.severity} onChange={set('severity')} data-testid="item-severity">
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t.severities[s]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t.classification} errors={errors} path="classification">
          <select value={v.classification} onChange={set('classification')} data-testid="item-classification">
            {CLASSIFICATIONS.map((c) => (
              <option key={c} value={c}>
                {t.classifications[c]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t.foundOn} errors={errors} path="foundOn">
          <input type="date" value={v.foundOn} onChange={set('foundOn')} />
        </Field>
      </div>
      <div className="row">
        <Field label={t.responsiblePerson} errors={errors} path="responsiblePerson">
          <input type="text" value={v.responsiblePerson} onChange={set('responsiblePerson')} data-testid="item-responsible" />
        </Field>
        {v.classification === 'scheduled' ? (
          <Field label={`${t.dueAt} (${tz})`} errors={errors} path="dueAt">
            <input type="datetime-local" step={1} value={v.dueAt} onChange={set('dueAt')} data-testid="item-due" />
          </Field>
        ) : null}
      </div>
      <Field label={t.measures} errors={errors} path="measures">
        <textarea rows={2} value={v.measures} onChange={set('measures')} />
      </Field>
      <FormError errors={errors} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy} data-testid="item-submit">
          {t.create}
        </button>
        <button type="button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}

function Checklist({ a, tz, editable, campaignId, agencyId, onSaved }: { a: AgencyDetail; tz: string; editable: boolean; campaignId: string; agencyId: string; onSaved(): void }) {
  const { t, lang } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  const areas = ['A', 'B', 'C', 'D'];
  return (
    <table className="table compact" data-testid="checklist-table">
      <tbody>
        {areas.map((area) => (
          <ChecklistArea key={area} area={area}>
            {CHECKLIST_CODES.filter((c) => CHECKLIST[c].area === area).map((code) => {
              const ans = a.checklist?.[code];
              const items = a.itemsByChecklist?.[code] ?? 0;
              return editing === code ? (
                <tr key={code}>
                  <td colSpan={5}>
                    <ChecklistForm
                      campaignId={campaignId}
                      agencyId={agencyId}
                      code={code}
                      initial={ans}
                      onCancel={() => setEditing(null)}
                      onSaved={() => {
                        setEditing(null);
                        onSaved();
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={code} data-testid={`checklist-${code}`} data-answer={ans?.answer ?? ''}>
                  <td className="nowrap">
                    <strong>{code}</strong>
                  </td>
                  <td>{checklistLabel(lang, code)}</td>
                  <td className="nowrap">
                    {ans ? <span className={`answer answer-${ans.answer}`}>{t.answers[ans.answer] ?? ans.answer}</span> : <span className="muted">{t.unanswered}</span>}
                    {items ? <span className="muted small"> · {t.ledger} {items}</span> : null}
                  </td>
                  <td className="small">
                    {ans?.note ?? ''}
                    {ans ? <div className="muted">{fmtDateTime(ans.answeredAt, lang, tz)}</div> : null}
                  </td>
                  <td>
                    {editable ? (
                      <button type="button" className="link-button" onClick={() => setEditing(code)} data-testid={`answer-${code}`}>
                        {t.answer}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </ChecklistArea>
        ))}
      </tbody>
    </table>
  );
}

function ChecklistArea({ area, children }: { area: string; children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <>
      <tr className="group-row">
        <td colSpan={5}>
          {area} {areaLabel(lang, area)}
        </td>
      </tr>
      {children}
    </>
  );
}

function ChecklistForm({ campaignId, agencyId, code, initial, onSaved, onCancel }: { campaignId: string; agencyId: string; code: string; initial?: { answer: string; note?: string }; onSaved(): void; onCancel(): void }) {
  const { t, lang } = useI18n();
  const [answer, setAnswer] = useState(initial?.answer ?? 'compliant');
  const [note, setNote] = useState(initial?.note ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = ChecklistAnswerSchema.safeParse(compact({ answer, note }));
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    try {
      await api.put(`/v1/campaigns/${encodeURIComponent(campaignId)}/agencies/${encodeURIComponent(agencyId)}/checklist/${code}`, parsed.data);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid={`checklist-form-${code}`} noValidate>
      <strong>
        {code} {checklistLabel(lang, code)}
      </strong>
      <div className="row">
        <Field label={t.answer} errors={errors} path="answer">
          <select value={answer} onChange={(e) => setAnswer(e.target.value)}>
            {['compliant', 'problem_found', 'not_applicable'].map((a) => (
              <option key={a} value={a}>
                {t.answers[a]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t.note} errors={errors} path="note">
          <input type="text" value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </div>
      <FormError errors={errors} />
      <div className="buttons">
        <button type="submit" className="primary">
          {t.save}
        </button>
        <button type="button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}

function TakenSteps({ deliverables, tz }: { deliverables: DeliverableView[]; tz: string }) {
  const { t, lang } = useI18n();
  const steps = deliverables
    .flatMap((d) => d.taken.map((s) => ({ ...s, code: d.code })))
    .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
  if (steps.length === 0) return <p className="muted">{t.noEvents}</p>;
  return (
    <table className="table compact" data-testid="taken-steps">
      <thead>
        <tr>
          <th>{t.occurredAt}</th>
          <th>{t.type}</th>
          <th>{t.subject}</th>
          <th>{t.dueAt}</th>
          <th>{t.noticeNumber}</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s, i) => (
          <tr key={i} data-testid="taken-step" data-step={s.step}>
            <td className="nowrap">{fmtDateTime(s.occurredAt, lang, tz)}</td>
            <td>
              <span className={`tag tag-${s.type === 'reminder' ? 'reminder' : s.step}`}>{stepLabel(t, lang, s.step)}</span>
            </td>
            <td>
              {s.code} {deliverableLabel(lang, s.code)}
            </td>
            <td className="nowrap">{fmtDateTime(s.deadline, lang, tz)}</td>
            <td>{s.noticeNumber ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
