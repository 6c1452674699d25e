import { useState, type FormEvent } from 'react';
import { api, ApiError, download, type Me } from '../api';
import { Field, FormActions, LoadError, Loading, Section, Table, Updated } from '../components';
import { errorsOfApi, type FieldErrors } from '../forms';
import { fmtDateTime } from '../format';
import { usePoll } from '../hooks';
import { fill, useI18n, type Dictionary } from '../i18n';
import type { Lang } from '../lang';
import { useIdempotencyKey } from '../idempotencyKey';
import { subjectText } from '../subjects';
import { Link } from '../router';
import { DEDUCTION_RULES, HONOUR_KEYS, HONOURS, VETO_KINDS } from '../../../domain/assessment/rubric';
import type { CampaignContext } from './CampaignFrame';
import { FileInput } from './FileInput';

interface Deduction {
  rule: string;
  category: string;
  points: number;
  at: string;
  eventId?: string;
  subject?: { kind: string; id: string };
}
interface Row {
  agencyId: string;
  agencyName: string;
  levelId: string;
  levelName: string;
  score: number;
  grade: string;
  rank: number;
  deductions: Deduction[];
  adjustments: { id: string; kind: string; points: number; reason: string }[];
}
interface Objection {
  id: string;
  agencyId: string;
  text: string;
  filedAt: string;
  decision: 'accept' | 'reject' | null;
  points: number | null;
  reason: string | null;
}
interface AssessmentView {
  state: 'live' | 'draft' | 'objections' | 'final';
  windowEndsAt: string | null;
  circularNumber: string | null;
  agencies: Row[];
  objections: Objection[];
}

export const assessmentPath = (campaignId: string) => `/campaigns/${encodeURIComponent(campaignId)}/assessment`;
export const disclosurePath = (campaignId: string) => `/disclosure/${encodeURIComponent(campaignId)}`;

const ruleText = (rule: string, lang: Lang) =>
  ((DEDUCTION_RULES as Record<string, { zh: string; en: string }>)[rule] ??
    (VETO_KINDS as Record<string, { zh: string; en: string }>)[rule])?.[lang] ?? '';
const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

/** The deductions actually taken, one line each: "督办通知 −3". */
function DeductionList({ row }: { row: Row }) {
  const { t, lang } = useI18n();
  const taken = row.deductions.filter((d) => d.points > 0 || d.category === 'veto');
  if (!taken.length && !row.adjustments.length) return <span className="muted">{t.assessment.none}</span>;
  return (
    <ul className="plain small">
      {taken.map((d, i) => (
        <li key={i} data-event-id={d.eventId}>
          {ruleText(d.rule, lang)} {d.category === 'veto' ? t.assessment.vetoed : `−${d.points}`}
        </li>
      ))}
      {row.adjustments.map((a) => (
        <li key={a.id}>
          {t.assessment[`kind_${a.kind}`]} {signed(a.points)}
        </li>
      ))}
    </ul>
  );
}

/**
 * The assessment (评议考核, SPEC §17): for a bureau the ranking within each level (市直 departments, each county),
 * the lifecycle's actions, objections to decide and adjustments to make; for an agency its own row explained event by
 * event and, while the draft's window is open, its objection.
 */
export function Assessment({ campaign, me }: { campaign: CampaignContext; me: Me }) {
  const { t, lang } = useI18n();
  const a = t.assessment;
  const base = `/v1/campaigns/${encodeURIComponent(campaign.id)}`;
  const view = usePoll(() => api.get<AssessmentView>(`${base}/assessment`), [base]);
  const [error, setError] = useState<FieldErrors>({});
  const act = async (path: string, body: unknown = {}) => {
    setError({});
    try {
      await api.post(`${base}${path}`, body);
      view.reload();
    } catch (err) {
      if (err instanceof ApiError) setError(errorsOfApi(err));
      else throw err;
    }
  };
  const v = view.data;
  if (!v) return view.error ? <LoadError error={view.error} /> : <Loading />;
  const isBureau = me.role === 'bureau';
  const levels = [...new Set(v.agencies.map((r) => r.levelId))];
  const nameOf = (agencyId: string) => v.agencies.find((r) => r.agencyId === agencyId)?.agencyName ?? '';
  return (
    <>
      <Section title={a.title} actions={<Updated at={view.updatedAt} />} testId="assessment-state">
        <p>
          {a.state}：
          <strong data-testid="assessment-state-label" data-state={v.state}>
            {a[`state_${v.state}`]}
          </strong>
          {v.windowEndsAt ? (
            <span className="muted">
              {' '}
              · {a.windowEnds} {fmtDateTime(v.windowEndsAt, lang, campaign.timeZone)}
            </span>
          ) : null}
          {v.circularNumber ? (
            <span data-testid="assessment-circular">
              {' '}
              · {a.circular} {v.circularNumber}
            </span>
          ) : null}
        </p>
        {isBureau ? (
          <div className="buttons">
            {v.state === 'live' ? (
              <button className="primary" onClick={() => act('/assessment/draft')} data-testid="assessment-draft">
                {a.draft}
              </button>
            ) : null}
            {v.state === 'objections' ? (
              <button className="primary" onClick={() => act('/assessment/finalize')} data-testid="assessment-finalize">
                {a.finalize}
              </button>
            ) : null}
            <button
              onClick={() => download(`${base}/assessment.xlsx`, `考核评分表-${campaign.name}.xlsx`)}
              data-testid="assessment-download"
            >
              {a.download}
            </button>
            <button onClick={() => act('/disclosure', { published: true })} data-testid="disclosure-publish">
              {a.publish}
            </button>
            <button onClick={() => act('/disclosure', { published: false })} data-testid="disclosure-withdraw">
              {a.unpublish}
            </button>
            <Link to={disclosurePath(campaign.id)} data-testid="disclosure-link">
              {a.publicLink}
            </Link>
          </div>
        ) : null}
        {error._ ? (
          <p className="error" role="alert">
            {error._}
          </p>
        ) : null}
      </Section>

      {isBureau ? (
        levels.map((level) => {
          const rows = v.agencies.filter((r) => r.levelId === level).sort((x, y) => x.rank - y.rank);
          return (
            <Section key={level} title={rows[0].levelName} testId={`ranking-${level}`}>
              <div className="table-scroll">
                <Table columns={[a.rank, a.agency, a.score, a.grade, a.details]} testId="ranking-table">
                  {rows.map((r) => (
                    <tr key={r.agencyId} data-testid={`ranking-row-${r.agencyId}`}>
                      <td data-testid="ranking-rank">{r.rank}</td>
                      <td>{r.agencyName}</td>
                      <td data-testid="ranking-score">{r.score}</td>
                      <td data-testid="ranking-grade">{r.grade}</td>
                      <td>
                        <DeductionList row={r} />
                      </td>
                    </tr>
                  ))}
                </Table>
              </div>
            </Section>
          );
        })
      ) : (
        <OwnRow v={v} campaign={campaign} t={t} lang={lang} onFiled={view.reload} />
      )}

      {isBureau && v.objections.length ? (
        <Section title={a.objections} testId="objections">
          {v.objections.map((o) => (
            <ObjectionCard key={o.id} o={o} agencyName={nameOf(o.agencyId)} base={base} onDone={view.reload} />
          ))}
        </Section>
      ) : null}
      {isBureau && v.state !== 'final' ? (
        <AdjustmentForm base={base} agencies={v.agencies} onDone={view.reload} />
      ) : null}
    </>
  );
}

/** An agency's own row: score, grade, rank, every deduction with its time and subject, its objections. */
function OwnRow({
  v,
  campaign,
  t,
  lang,
  onFiled,
}: {
  v: AssessmentView;
  campaign: CampaignContext;
  t: Dictionary;
  lang: Lang;
  onFiled(): void;
}) {
  const a = t.assessment;
  const row = v.agencies[0];
  if (!row) return null;
  return (
    <>
      <Section title={a.ownRow} testId="assessment-own">
        <p className="score-line">
          <strong data-testid="own-score">{row.score}</strong> · <span data-testid="own-grade">{row.grade}</span> ·{' '}
          {row.levelName} {a.rank} {row.rank}
        </p>
        <div className="table-scroll">
          <Table columns={[a.details, a.points, a.eventAt, a.subject]} testId="own-deductions">
            {row.deductions.map((d, i) => (
              <tr key={i} data-event-id={d.eventId}>
                <td>{ruleText(d.rule, lang)}</td>
                <td>{d.category === 'veto' ? a.vetoed : `−${d.points}`}</td>
                <td className="nowrap">{fmtDateTime(d.at, lang, campaign.timeZone)}</td>
                <td>{subjectText(t, lang, d.subject as never)}</td>
              </tr>
            ))}
            {row.adjustments.map((x) => (
              <tr key={x.id}>
                <td>{a[`kind_${x.kind}`]}</td>
                <td>{signed(x.points)}</td>
                <td />
                <td>{x.reason}</td>
              </tr>
            ))}
          </Table>
        </div>
      </Section>
      <Section title={a.objections} testId="own-objections">
        {v.objections.length === 0 ? <p className="muted">{a.noObjections}</p> : null}
        <ul className="plain objection-list">
          {v.objections.map((o) => (
            <li key={o.id} data-testid="own-objection">
              {o.text} ·{' '}
              <span data-testid="own-objection-status">
                {o.decision === null
                  ? a.pending
                  : o.decision === 'accept'
                    ? fill(a.accepted, { points: signed(o.points ?? 0) })
                    : a.rejected}
              </span>
              {o.reason ? <span className="muted"> · {o.reason}</span> : null}
            </li>
          ))}
        </ul>
        {v.state === 'draft' ? <ObjectionForm campaignId={campaign.id} onFiled={onFiled} /> : null}
      </Section>
    </>
  );
}

function ObjectionForm({ campaignId, onFiled }: { campaignId: string; onFiled(): void }) {
  const { t } = useI18n();
  const a = t.assessment;
  const [text, setText] = useState('');
  const [fileId, setFileId] = useState<string | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [key, refused] = useIdempotencyKey();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      await api.post(
        `/v1/campaigns/${encodeURIComponent(campaignId)}/assessment/objections`,
        { text, ...(fileId ? { fileId } : {}) },
        { idempotencyKey: key },
      );
      setText('');
      onFiled();
    } catch (err) {
      refused(err);
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
      else throw err;
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} data-testid="objection-form">
      <Field label={a.objectionText} errors={errors} path="text">
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} data-testid="objection-text" />
      </Field>
      <Field label={a.evidence}>
        <FileInput value={fileId} onChange={setFileId} testId="objection-file" />
      </Field>
      <FormActions errors={errors} submitLabel={a.object} submitTestId="objection-submit" busy={busy} />
    </form>
  );
}

function ObjectionCard({
  o,
  agencyName,
  base,
  onDone,
}: {
  o: Objection;
  agencyName: string;
  base: string;
  onDone(): void;
}) {
  const { t } = useI18n();
  const a = t.assessment;
  const [decision, setDecision] = useState<'accept' | 'reject'>('accept');
  const [points, setPoints] = useState('0');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await api.post(`${base}/assessment/objections/${encodeURIComponent(o.id)}/decision`, {
        decision,
        reason,
        ...(decision === 'accept' ? { points: Number(points) } : {}),
      });
      onDone();
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
      else throw err;
    }
  };
  return (
    <div className="objection" data-testid="objection">
      <p>
        <strong>{agencyName}</strong>：{o.text}
      </p>
      {o.decision ? (
        <p className="muted">
          {o.decision === 'accept' ? fill(a.accepted, { points: signed(o.points ?? 0) }) : a.rejected} · {o.reason}
        </p>
      ) : (
        <form onSubmit={submit} className="row">
          <Field label={a.decision}>
            <select value={decision} onChange={(e) => setDecision(e.target.value as 'accept' | 'reject')}>
              <option value="accept">{a.accept}</option>
              <option value="reject">{a.reject}</option>
            </select>
          </Field>
          {decision === 'accept' ? (
            <Field label={a.decisionPoints} errors={errors} path="points">
              <input type="number" step="0.5" value={points} onChange={(e) => setPoints(e.target.value)} />
            </Field>
          ) : null}
          <Field label={a.decisionReason} errors={errors} path="reason">
            <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="decision-reason" />
          </Field>
          <FormActions errors={errors} submitLabel={a.save} submitTestId="decision-submit" />
        </form>
      )}
    </div>
  );
}

function AdjustmentForm({ base, agencies, onDone }: { base: string; agencies: Row[]; onDone(): void }) {
  const { t, lang } = useI18n();
  const a = t.assessment;
  const [agencyId, setAgencyId] = useState(agencies[0]?.agencyId ?? '');
  const [kind, setKind] = useState<'bonus' | 'correction' | 'veto'>('bonus');
  const [honour, setHonour] = useState<string>(HONOUR_KEYS[0]);
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [fileId, setFileId] = useState<string | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [key, refused] = useIdempotencyKey();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await api.post(
        `${base}/assessment/adjustments`,
        {
          agencyId,
          kind,
          reason,
          ...(kind === 'bonus' ? { honour } : {}),
          ...(kind === 'correction' ? { points: Number(points) } : {}),
          ...(fileId ? { fileId } : {}),
        },
        { idempotencyKey: key },
      );
      setReason('');
      setPoints('');
      onDone();
    } catch (err) {
      refused(err);
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
      else throw err;
    }
  };
  return (
    <Section title={a.adjust} testId="adjustment-form">
      <form onSubmit={submit}>
        <div className="row">
          <Field label={a.agency}>
            <select value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
              {agencies.map((r) => (
                <option key={r.agencyId} value={r.agencyId}>
                  {r.agencyName}
                </option>
              ))}
            </select>
          </Field>
          <Field label={a.adjustKind}>
            <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              {(['bonus', 'correction', 'veto'] as const).map((k) => (
                <option key={k} value={k}>
                  {a[`kind_${k}`]}
                </option>
              ))}
            </select>
          </Field>
          {kind === 'bonus' ? (
            <Field label={a.honour}>
              <select value={honour} onChange={(e) => setHonour(e.target.value)}>
                {HONOUR_KEYS.map((h) => (
                  <option key={h} value={h}>
                    {HONOURS[h][lang]}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
          {kind === 'correction' ? (
            <Field label={a.points} errors={errors} path="points">
              <input type="number" step="0.5" value={points} onChange={(e) => setPoints(e.target.value)} />
            </Field>
          ) : null}
        </div>
        <Field label={a.decisionReason} errors={errors} path="reason">
          <input value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <Field label={a.evidence}>
          <FileInput value={fileId} onChange={setFileId} testId="adjustment-file" />
        </Field>
        <FormActions errors={errors} submitLabel={a.save} />
      </form>
    </Section>
  );
}
