import { useState, type FormEvent, type ReactNode } from 'react';
import { ChecklistAnswerSchema, LiftListingSchema, MoveDeadlineSchema } from '../../../domain/deliverables';
import { ITEM_SOURCES, NewLedgerItemSchema } from '../../../domain/ledger';
import { CHECKLIST, CHECKLIST_CODES } from '../../../domain/template';
import { api, ApiError, randomKey, type Me, type PageOf } from '../api';
import {
  Field,
  FormActions,
  LightBadge,
  LoadError,
  Loading,
  SelectField,
  Section,
  Stat,
  StepTag,
  Table,
  Updated,
} from '../components';
import { compact, errorsOfApi, fieldErrors, type FieldErrors } from '../forms';
import { fmtDateTime, zonedInputToIso, zoneLabel } from '../format';
import { usePoll } from '../hooks';
import { subjectText } from '../subjects';
import { areaLabel, checklistLabel, deliverableLabel, useI18n } from '../i18n';
import { navigate, useLocation } from '../router';
import type { AgencyDetail, DeadlineEvent, DeliverableView } from '../types';
import type { CampaignContext } from './CampaignFrame';
import { DeliverableForm } from './DeliverableForm';
import { PlannedSteps, StepCells } from './PlannedSteps';
import { DeliverableReview, type DeliverableRead } from './DeliverableReview';
import { PrintNotice, useDocuments } from './PrintNotice';
import { ChecklistCodeField, ClassificationField, SeverityField } from './ItemFields';
import { EventTable } from './EventsFeed';
import { LedgerList } from './LedgerList';

export function AgencyPage({ campaign, agencyId, me }: { campaign: CampaignContext; agencyId: string; me: Me }) {
  const { t, lang } = useI18n();
  const base = `/v1/campaigns/${encodeURIComponent(campaign.id)}/agencies/${encodeURIComponent(agencyId)}`;
  const agency = usePoll(() => api.get<AgencyDetail>(base), [base]);
  const isBureau = me.role === 'bureau';
  const isSelf = me.role === 'agency' && me.agencyId === agencyId;
  const events = usePoll(
    () =>
      isBureau
        ? api.get<PageOf<DeadlineEvent>>(
            `/v1/campaigns/${encodeURIComponent(campaign.id)}/events?agencyId=${encodeURIComponent(agencyId)}&limit=50`,
          )
        : Promise.resolve(null),
    [campaign.id, agencyId, isBureau],
  );
  // the desk opens a deliverable's review or form as ?open=r-D1 / d-D1
  const { search } = useLocation();
  const [openForm, setOpenForm] = useState<string | null>(search.get('open'));
  const tz = campaign.timeZone;
  const a = agency.data;
  if (!a) return agency.error ? <LoadError error={agency.error} /> : <Loading />;

  const refresh = () => {
    setOpenForm(null);
    agency.reload();
  };

  return (
    <div className="grid" data-testid="agency-page" data-agency={agencyId}>
      <Section title={<>{a.name}</>} actions={<Updated at={agency.updatedAt} />} testId="agency-head">
        <div className="stats">
          <Stat label={t.light} value={<LightBadge light={a.light ?? 'green'} testId="agency-light" />} />
          <Stat label={t.phase} value={t.phases[a.phase] ?? a.phase} />
          <Stat
            label={t.nextDeadline}
            testId="next-deadline"
            value={
              a.nextDeadline ? (
                <span className="small">
                  {fmtDateTime(a.nextDeadline.dueAt, lang, tz)} · {subjectText(t, lang, a.nextDeadline.subject)}
                </span>
              ) : (
                '—'
              )
            }
          />
          <Stat label={t.remindersSent} value={a.remindersSent ?? 0} testId="reminders-sent" />
          <Stat
            label={t.escalationsTaken}
            value={a.escalationsTaken ?? 0}
            tone={a.escalationsTaken ? 'orange' : undefined}
            testId="escalations-taken"
          />
          {a.listed ? <Stat label={t.listed} value="●" tone="red" /> : null}
        </div>
        {!a.started ? <p className="muted">{t.loading}</p> : null}
      </Section>

      <Section title={t.deliverables} testId="deliverables">
        <Table columns={[t.deliverable, t.dueAt, t.light, t.metAt, t.steps, null]} testId="deliverables-table">
          {(a.deliverables ?? []).map((d) => (
            <DeliverableRow
              key={d.code}
              d={d}
              tz={tz}
              canSubmit={isSelf && !d.metAt}
              canMove={isBureau && !d.metAt}
              canReturn={isBureau}
              canReview={isBureau || isSelf}
              open={openForm}
              setOpen={setOpenForm}
              campaignId={campaign.id}
              agencyId={agencyId}
              onDone={refresh}
            />
          ))}
        </Table>
      </Section>

      <Section title={t.plannedSteps} testId="planned-steps-card">
        <PlannedSteps deliverables={a.deliverables ?? []} tz={tz} dayKind={campaign.summary?.data?.policy.dayKind} />
      </Section>

      <Section title={t.ledger} testId="ledger">
        <LedgerList campaign={campaign} agencyId={agencyId} />
        {isSelf || isBureau ? (
          openForm === 'new-item' ? (
            <NewItemForm
              campaignId={campaign.id}
              agencyId={agencyId}
              tz={tz}
              onCancel={() => setOpenForm(null)}
              onDone={(id) => navigate(`/campaigns/${encodeURIComponent(campaign.id)}/items/${encodeURIComponent(id)}`)}
            />
          ) : (
            <button type="button" className="primary" onClick={() => setOpenForm('new-item')} data-testid="add-item">
              {t.addItem}
            </button>
          )
        ) : null}
      </Section>

      <Section title={t.checklist} testId="checklist">
        <Checklist
          a={a}
          tz={tz}
          editable={isSelf}
          campaignId={campaign.id}
          agencyId={agencyId}
          onSaved={() => agency.reload()}
        />
      </Section>

      <Section title={t.remindersAndEscalations} testId="agency-events">
        {isBureau ? (
          <>
            <LoadError error={events.error} />
            {events.data?.items.length ? (
              <EventTable events={events.data.items} timeZone={tz} campaignId={campaign.id} />
            ) : (
              <p className="muted">{t.noEvents}</p>
            )}
          </>
        ) : (
          <TakenSteps deliverables={a.deliverables ?? []} tz={tz} campaignId={campaign.id} agencyId={agencyId} />
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
  canReturn: boolean;
  canReview: boolean;
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
          {d.metAt && d.accepted?.submittedAt === d.metAt ? (
            <span className="tag tag-ok" data-testid={`accepted-${d.code}`}>
              {t.accepted}
            </span>
          ) : null}
          {!d.metAt && d.returns?.length ? (
            <span
              className="tag tag-overdue"
              data-testid={`returned-${d.code}`}
              title={d.returns[d.returns.length - 1].reason}
            >
              {t.returned}
            </span>
          ) : null}
        </td>
        <td className="small">
          {d.taken.map((s, i) => (
            <StepTag key={i} type={s.type} step={s.step} title={fmtDateTime(s.occurredAt, lang, p.tz)}>
              {s.noticeNumber ? ` ${s.noticeNumber}` : ''}
            </StepTag>
          ))}
        </td>
        <td className="nowrap">
          {p.canSubmit ? (
            <button type="button" onClick={() => p.setOpen(`d-${d.code}`)} data-testid={`submit-${d.code}`}>
              {t.submitDeliverable}
            </button>
          ) : null}
          {p.canMove ? (
            <button
              type="button"
              className="link-button"
              onClick={() => p.setOpen(`m-${d.code}`)}
              data-testid={`move-${d.code}`}
            >
              {t.moveDeadline}
            </button>
          ) : null}
          {p.canReturn && d.listed ? (
            <button
              type="button"
              className="link-button"
              onClick={() => p.setOpen(`l-${d.code}`)}
              data-testid={`lift-${d.code}`}
            >
              {t.register.lift}
            </button>
          ) : null}
          {p.canReview && (d.metAt || d.returns?.length) ? (
            <button
              type="button"
              className="link-button"
              onClick={() => p.setOpen(`r-${d.code}`)}
              data-testid={`review-open-${d.code}`}
            >
              {t.review}
            </button>
          ) : null}
        </td>
      </tr>
      {p.open === `r-${d.code}` ? (
        <tr>
          <td colSpan={6}>
            <DeliverableReview
              campaignId={p.campaignId}
              agencyId={p.agencyId}
              code={d.code}
              tz={p.tz}
              canReturn={p.canReturn}
              onChanged={p.onDone}
              onClose={() => p.setOpen(null)}
            />
          </td>
        </tr>
      ) : null}
      {p.open === `d-${d.code}` ? (
        <tr>
          <td colSpan={6}>
            {d.returns?.length ? (
              <Resubmission
                campaignId={p.campaignId}
                agencyId={p.agencyId}
                code={d.code}
                reason={d.returns[d.returns.length - 1].reason}
                onDone={p.onDone}
                onCancel={() => p.setOpen(null)}
              />
            ) : (
              <DeliverableForm
                campaignId={p.campaignId}
                agencyId={p.agencyId}
                code={d.code}
                onDone={p.onDone}
                onCancel={() => p.setOpen(null)}
              />
            )}
          </td>
        </tr>
      ) : null}
      {p.open === `l-${d.code}` ? (
        <tr>
          <td colSpan={6}>
            <LiftListingForm
              campaignId={p.campaignId}
              agencyId={p.agencyId}
              code={d.code}
              onDone={p.onDone}
              onCancel={() => p.setOpen(null)}
            />
          </td>
        </tr>
      ) : null}
      {p.open === `m-${d.code}` ? (
        <tr>
          <td colSpan={6}>
            <MoveDeadlineForm
              campaignId={p.campaignId}
              agencyId={p.agencyId}
              code={d.code}
              tz={p.tz}
              onDone={p.onDone}
              onCancel={() => p.setOpen(null)}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** A returned deliverable's form: it starts from the submission returned, and says why it was returned. */
function Resubmission(p: {
  campaignId: string;
  agencyId: string;
  code: string;
  reason: string;
  onDone(): void;
  onCancel(): void;
}) {
  const path = `/v1/campaigns/${encodeURIComponent(p.campaignId)}/agencies/${encodeURIComponent(p.agencyId)}/deliverables/${p.code}`;
  const last = usePoll(() => api.get<DeliverableRead>(path), [path], 0);
  if (last.error) return <LoadError error={last.error} />;
  if (!last.data) return <Loading />;
  const { submission, files } = last.data;
  return (
    <DeliverableForm {...p} previous={submission ? { body: submission.body, reason: p.reason, files } : undefined} />
  );
}

function MoveDeadlineForm({
  campaignId,
  agencyId,
  code,
  tz,
  onDone,
  onCancel,
}: {
  campaignId: string;
  agencyId: string;
  code: string;
  tz: string;
  onDone(): void;
  onCancel(): void;
}) {
  const { t, lang } = useI18n();
  const [dueAt, setDueAt] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [key] = useState(randomKey);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = MoveDeadlineSchema.safeParse({ dueAt: zonedInputToIso(dueAt, tz) ?? '', reason });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    try {
      await api.post(
        `/v1/campaigns/${encodeURIComponent(campaignId)}/agencies/${encodeURIComponent(agencyId)}/deadlines/${code}`,
        parsed.data,
        { idempotencyKey: key },
      );
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
      <Field label={`${t.newDueAt}（${zoneLabel(tz, lang)}）`} errors={errors} path="dueAt">
        <input type="datetime-local" step={1} value={dueAt} onChange={(e) => setDueAt(e.target.value)} />
      </Field>
      <Field errors={errors} path="reason">
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormActions errors={errors} submitLabel={t.save} onCancel={onCancel} />
    </form>
  );
}

/** 摘牌: the bureau lifts a deliverable's listed supervision with a reason; the API issues the numbered 摘牌通知. */
function LiftListingForm(p: { campaignId: string; agencyId: string; code: string; onDone(): void; onCancel(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [key] = useState(randomKey);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = LiftListingSchema.safeParse({ reason });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    try {
      await api.post(
        `/v1/campaigns/${encodeURIComponent(p.campaignId)}/agencies/${encodeURIComponent(p.agencyId)}/deliverables/${p.code}/lift`,
        parsed.data,
        { idempotencyKey: key },
      );
      p.onDone();
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate data-testid={`lift-form-${p.code}`}>
      <h3>
        {t.register.lift} {p.code}
      </h3>
      <Field label={t.register.liftReason} errors={errors} path="reason">
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormActions errors={errors} submitLabel={t.register.lift} onCancel={p.onCancel} />
    </form>
  );
}

/** Items from complaints and spot-checks are opened by their conclusions, never typed in by hand. */
const TYPED_IN_SOURCES = ITEM_SOURCES.filter((s) => s !== 'complaint' && s !== 'spot_check');

function NewItemForm({
  campaignId,
  agencyId,
  tz,
  onDone,
  onCancel,
}: {
  campaignId: string;
  agencyId: string;
  tz: string;
  onDone(id: string): void;
  onCancel(): void;
}) {
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
  const setValue = (k: keyof typeof v) => (value: string) => setV((o) => ({ ...o, [k]: value }));
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setValue(k)(e.target.value);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = compact({
      ...v,
      description: v.description.trim(),
      dueAt: v.classification === 'scheduled' ? (zonedInputToIso(v.dueAt, tz) ?? v.dueAt) : '',
    });
    const parsed = NewLedgerItemSchema.safeParse(body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    setBusy(true);
    try {
      const res = await api.post<{ id: string }>(
        `/v1/campaigns/${encodeURIComponent(campaignId)}/agencies/${encodeURIComponent(agencyId)}/items`,
        parsed.data,
        { idempotencyKey: key },
      );
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
        <ChecklistCodeField
          errors={errors}
          path="checklistCode"
          value={v.checklistCode}
          onChange={setValue('checklistCode')}
          testId="item-checklist"
        />
        <SelectField
          errors={errors}
          path="source"
          value={v.source}
          onChange={setValue('source')}
          options={TYPED_IN_SOURCES}
          optionLabel={(s) => t.sources[s]}
          testId="item-source"
        />
      </div>
      <Field errors={errors} path="description">
        <textarea rows={3} value={v.description} onChange={set('description')} data-testid="item-description" />
      </Field>
      <div className="row">
        <SeverityField
          errors={errors}
          path="severity"
          value={v.severity}
          onChange={setValue('severity')}
          testId="item-severity"
        />
        <ClassificationField
          errors={errors}
          path="classification"
          value={v.classification}
          onChange={setValue('classification')}
          testId="item-classification"
        />
        <Field errors={errors} path="foundOn">
          <input type="date" value={v.foundOn} onChange={set('foundOn')} />
        </Field>
      </div>
      <div className="row">
        <Field errors={errors} path="responsiblePerson">
          <input
            type="text"
            value={v.responsiblePerson}
            onChange={set('responsiblePerson')}
            data-testid="item-responsible"
          />
        </Field>
        {v.classification === 'scheduled' ? (
          <Field label={`${t.dueAt}（${zoneLabel(tz, lang)}）`} errors={errors} path="dueAt">
            <input type="datetime-local" step={1} value={v.dueAt} onChange={set('dueAt')} data-testid="item-due" />
          </Field>
        ) : null}
      </div>
      <Field errors={errors} path="measures">
        <textarea rows={2} value={v.measures} onChange={set('measures')} />
      </Field>
      <FormActions errors={errors} submitLabel={t.create} submitTestId="item-submit" busy={busy} onCancel={onCancel} />
    </form>
  );
}

function Checklist({
  a,
  tz,
  editable,
  campaignId,
  agencyId,
  onSaved,
}: {
  a: AgencyDetail;
  tz: string;
  editable: boolean;
  campaignId: string;
  agencyId: string;
  onSaved(): void;
}) {
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
                    {/* the item's place in the list: its code (A1…D4) would read as a deliverable's (D1–D8) */}
                    <strong>{CHECKLIST_CODES.indexOf(code) + 1}</strong>
                  </td>
                  <td>{checklistLabel(lang, code)}</td>
                  <td className="nowrap">
                    {ans ? (
                      <span className={`answer answer-${ans.answer}`}>{t.answers[ans.answer] ?? ans.answer}</span>
                    ) : (
                      <span className="muted">{t.unanswered}</span>
                    )}
                    {items ? (
                      <span className="muted small">
                        {' '}
                        · {t.ledger} {items}
                      </span>
                    ) : null}
                  </td>
                  <td className="small">
                    {ans?.note ?? ''}
                    {ans ? <div className="muted">{fmtDateTime(ans.answeredAt, lang, tz)}</div> : null}
                  </td>
                  <td>
                    {editable ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setEditing(code)}
                        data-testid={`answer-${code}`}
                      >
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

function ChecklistForm({
  campaignId,
  agencyId,
  code,
  initial,
  onSaved,
  onCancel,
}: {
  campaignId: string;
  agencyId: string;
  code: string;
  initial?: { answer: string; note?: string };
  onSaved(): void;
  onCancel(): void;
}) {
  const { t, lang } = useI18n();
  // unanswered until the clerk chooses: a preset answer would report compliance nobody checked
  const [answer, setAnswer] = useState(initial?.answer ?? '');
  const [note, setNote] = useState(initial?.note ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = ChecklistAnswerSchema.safeParse(compact({ answer, note }));
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    try {
      await api.put(
        `/v1/campaigns/${encodeURIComponent(campaignId)}/agencies/${encodeURIComponent(agencyId)}/checklist/${code}`,
        parsed.data,
      );
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid={`checklist-form-${code}`} noValidate>
      <strong>{checklistLabel(lang, code)}</strong>
      <div className="row">
        <Field errors={errors} path="answer">
          <span className="choices" role="radiogroup">
            {ChecklistAnswerSchema.shape.answer.options.map((a) => (
              <label key={a} className="checkbox">
                <input
                  type="radio"
                  name={`answer-${code}`}
                  value={a}
                  checked={answer === a}
                  onChange={() => setAnswer(a)}
                  data-testid={`answer-${code}-${a}`}
                />
                {t.answers[a]}
              </label>
            ))}
          </span>
        </Field>
        <Field errors={errors} path="note">
          <input type="text" value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </div>
      <FormActions errors={errors} submitLabel={t.save} onCancel={onCancel} />
    </form>
  );
}

function TakenSteps({
  deliverables,
  tz,
  campaignId,
  agencyId,
}: {
  deliverables: DeliverableView[];
  tz: string;
  campaignId: string;
  agencyId: string;
}) {
  const { t, lang } = useI18n();
  const documents = useDocuments(campaignId, agencyId);
  const steps = deliverables
    .flatMap((d) => d.taken.map((s) => ({ ...s, code: d.code })))
    .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
  if (steps.length === 0) return <p className="muted">{t.noEvents}</p>;
  return (
    <Table
      columns={[t.occurredAt, t.type, t.subject, t.dueAt, t.noticeNumber, null]}
      variant="compact"
      testId="taken-steps"
    >
      {steps.map((s, i) => (
        <tr key={i} data-testid="taken-step" data-step={s.step}>
          <td className="nowrap">{fmtDateTime(s.occurredAt, lang, tz)}</td>
          <StepCells type={s.type} step={s.step} code={s.code} />
          <td className="nowrap">{fmtDateTime(s.deadline, lang, tz)}</td>
          <td>{s.noticeNumber ?? (s.missed ? <span className="muted">{t.missedReminder}</span> : '')}</td>
          <td>
            <PrintNotice documents={documents} subjectId={s.code} step={s.step} deadline={s.deadline} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
