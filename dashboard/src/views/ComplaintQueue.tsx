import { Fragment, useState, type FormEvent } from 'react';
import { ComplaintActionSchema, SUGGESTION_TARGETS } from '../../../domain/complaints';
import { api, ApiError, qs, randomKey, type PageOf } from '../api';
import type { FileMeta } from '../files';
import { Field, FormActions, LoadError, Loading, SelectField, Section, Table } from '../components';
import { compact, errorsOfApi, fieldErrors, type FieldErrors } from '../forms';
import { fmtDateTime, zonedInputToIso, zoneLabel } from '../format';
import { usePoll } from '../hooks';
import { useI18n } from '../i18n';
import { Link, useLocation } from '../router';
import type { CampaignListItem, Complaint, Evidence } from '../types';
import { ChecklistCodeField, ClassificationField, SeverityField } from './ItemFields';
import { ListActions, Pager, usePagedList, type Columns } from './ListTools';
import { StaffComplaintEntry } from './StaffComplaint';
import { EvidenceFields, evidenceBody, type EvidenceRow } from './EvidenceFields';
import { FileList } from './FileList';

/** Complaints routed to no known campaign are shown in the plan's zone. */
const DEFAULT_TZ = 'Asia/Shanghai';

interface ComplaintDetail extends Complaint {
  /** the complainant's own uploads */
  photos: FileMeta[];
  investigation: {
    investigator: string | null;
    findings: { note: string; evidence?: Evidence[]; by: { role: string; keyId: string }; at: string }[];
    conclusion: {
      outcome: string;
      summary: string;
      evidence?: Evidence[];
      suggestion?: { target: string; text: string };
      itemId?: string;
      at: string;
    } | null;
    history: { at: string; action: string; by: { role: string; keyId: string } }[];
    /** the files the findings and the conclusion cite as evidence */
    files: FileMeta[];
  } | null;
}

/** The bureau's investigation queue (调查、核实): every complaint routed into its jurisdiction, with its deadline. */
export function ComplaintQueue() {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState('');
  const [overdue, setOverdue] = useState(false);
  // the desk links a complaint as ?open=<id>
  const { search } = useLocation();
  const [open, setOpen] = useState<string | null>(search.get('open'));
  const query = qs({ status, overdue: overdue ? 'true' : undefined });
  const { list, pager } = usePagedList<Complaint>('/v1/complaints', query, 50);
  // Each complaint's dates in the time zone of the campaign it was routed to.
  const campaigns = usePoll(() => api.get<PageOf<CampaignListItem>>('/v1/campaigns?limit=500'), [], 60_000);
  const zones = new Map((campaigns.data?.items ?? []).map((c) => [c.id, c.timeZone]));
  const tzOf = (c: Complaint) => zones.get(c.campaignId ?? '') ?? DEFAULT_TZ;
  const columns: Columns<Complaint> = [
    [t.trackingCode, (c) => c.trackingCode ?? c.id],
    [t.channel, (c) => t.channels[c.channel ?? ''] ?? c.channel],
    [t.complaintKind, (c) => t.complaintKinds[c.kind ?? ''] ?? c.kind],
    [t.agency, (c) => c.agencyName ?? ''],
    [t.description, (c) => c.description],
    [t.receivedAt, (c) => fmtDateTime(c.receivedAt, lang, tzOf(c))],
    [t.dueAt, (c) => fmtDateTime(c.dueAt, lang, tzOf(c))],
    [t.overdue, (c) => (c.overdue && c.status !== 'concluded' ? t.yes : '')],
    [t.status, (c) => t.complaintStatuses[c.status ?? ''] ?? c.status],
    [t.outcome, (c) => (c.outcome ? (t.outcomes[c.outcome] ?? c.outcome) : '')],
  ];
  return (
    <Section
      title={t.complaintQueue}
      actions={
        <ListActions
          path="/v1/complaints"
          query={query}
          columns={columns}
          filename="举报.csv"
          testId="complaints-csv"
          updatedAt={list.updatedAt}
        />
      }
      testId="complaint-queue"
    >
      <StaffComplaintEntry onEntered={list.reload} />
      <div className="filters">
        <label>
          {t.status}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t.all}</option>
            {['received', 'investigating', 'concluded'].map((s) => (
              <option key={s} value={s}>
                {t.complaintStatuses[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={overdue}
            onChange={(e) => setOverdue(e.target.checked)}
            data-testid="complaints-filter-overdue"
          />
          {t.filterOverdueOnly}
        </label>
      </div>
      <LoadError error={list.error} what="/v1/complaints" />
      {!list.data && list.loading ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? <p className="muted">{t.none}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <Table
          columns={[t.trackingCode, t.complaintKind, t.agency, t.description, t.receivedAt, t.dueAt, t.status]}
          testId="complaints-table"
        >
          {list.data.items.map((c) => (
            <ComplaintRow
              key={c.id}
              c={c}
              tz={tzOf(c)}
              open={open === c.id}
              toggle={() => setOpen(open === c.id ? null : c.id)}
              onChanged={list.reload}
              lang={lang}
            />
          ))}
        </Table>
      ) : null}
      <Pager pager={pager} />
    </Section>
  );
}

function ComplaintRow({
  c,
  tz,
  open,
  toggle,
  onChanged,
  lang,
}: {
  c: Complaint;
  tz: string;
  open: boolean;
  toggle(): void;
  onChanged(): void;
  lang: 'zh' | 'en';
}) {
  const { t } = useI18n();
  return (
    <>
      <tr data-testid={`complaint-row-${c.id}`} data-status={c.status} className={open ? 'selected' : ''}>
        <td>
          <button type="button" className="link-button" onClick={toggle} data-testid="complaint-open">
            {c.trackingCode ?? c.id}
          </button>
          <div className="muted small">{t.channels[c.channel ?? ''] ?? c.channel}</div>
        </td>
        <td>{t.complaintKinds[c.kind ?? ''] ?? c.kind}</td>
        <td className="agency-name">
          {c.agencyId && c.campaignId ? (
            <Link to={`/campaigns/${encodeURIComponent(c.campaignId)}/agencies/${encodeURIComponent(c.agencyId)}`}>
              {c.agencyName ?? c.agencyId}
            </Link>
          ) : (
            (c.agencyName ?? '—')
          )}
        </td>
        <td className="small">{(c.description ?? '').slice(0, 80)}</td>
        <td className="nowrap">{fmtDateTime(c.receivedAt, lang, tz)}</td>
        <td className="nowrap">
          {fmtDateTime(c.dueAt, lang, tz)}
          {c.overdue && c.status !== 'concluded' ? <span className="tag tag-overdue">{t.overdue}</span> : null}
        </td>
        <td>
          <span className={`status complaint-${c.status}`}>{t.complaintStatuses[c.status ?? ''] ?? c.status}</span>
          {c.outcome ? <div className="small">{t.outcomes[c.outcome] ?? c.outcome}</div> : null}
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={7}>
            <ComplaintDetailView id={c.id} tz={tz} onChanged={onChanged} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function ComplaintDetailView({ id, tz, onChanged }: { id: string; tz: string; onChanged(): void }) {
  const { t, lang } = useI18n();
  const detail = usePoll(() => api.get<ComplaintDetail>(`/v1/complaints/${encodeURIComponent(id)}`), [id]);
  const [action, setAction] = useState<'assign' | 'add_finding' | 'conclude' | null>(null);
  const d = detail.data;
  if (!d) return detail.error ? <LoadError error={detail.error} /> : <Loading />;
  const inv = d.investigation;
  return (
    <div className="complaint-detail" data-testid="complaint-detail">
      <p>{d.description}</p>
      <dl className="facts">
        {d.contact ? (
          <>
            <dt>{t.contactOptional}</dt>
            <dd>{Object.values(d.contact).filter(Boolean).join(' · ') || '—'}</dd>
          </>
        ) : null}
        <dt>{t.investigator}</dt>
        <dd>{inv?.investigator ?? '—'}</dd>
        {inv?.findings.length ? (
          <>
            <dt>{t.findings}</dt>
            <dd>
              <ul>
                {inv.findings.map((f, k) => (
                  <li key={k}>
                    {fmtDateTime(f.at, lang, tz)} {f.note}
                    {f.evidence?.length ? <EvidenceTitles evidence={f.evidence} testId="finding-evidence" /> : null}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {(
          [
            ['complaint-photos', t.complainantFiles, d.photos],
            ['complaint-investigation-files', t.investigationFiles, inv?.files ?? []],
          ] as const
        ).map(([testId, label, files]) =>
          files.length ? (
            <Fragment key={testId}>
              <dt>{label}</dt>
              <dd data-testid={testId}>
                <FileList files={files} />
              </dd>
            </Fragment>
          ) : null,
        )}
        {inv?.conclusion ? (
          <>
            <dt>{t.outcome}</dt>
            <dd>
              {t.outcomes[inv.conclusion.outcome] ?? inv.conclusion.outcome} · {inv.conclusion.summary}
              {inv.conclusion.evidence?.length ? (
                <EvidenceTitles evidence={inv.conclusion.evidence} testId="conclusion-evidence" />
              ) : null}
              {inv.conclusion.suggestion
                ? ` · ${t.suggestion}: ${t.suggestionTargets[inv.conclusion.suggestion.target] ?? inv.conclusion.suggestion.target} ${inv.conclusion.suggestion.text}`
                : ''}
              {inv.conclusion.itemId && d.campaignId ? (
                <>
                  {' · '}
                  <Link
                    to={`/campaigns/${encodeURIComponent(d.campaignId)}/items/${encodeURIComponent(inv.conclusion.itemId)}`}
                  >
                    {t.item}
                  </Link>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>
      {d.status !== 'concluded' ? (
        <div className="buttons">
          {(['assign', 'add_finding', 'conclude'] as const).map((a) => (
            <button
              key={a}
              type="button"
              className={action === a ? 'primary' : ''}
              onClick={() => setAction(a)}
              data-testid={`complaint-action-${a}`}
            >
              {{ assign: t.assign, add_finding: t.addFinding, conclude: t.conclude }[a]}
            </button>
          ))}
        </div>
      ) : null}
      {action ? (
        <ComplaintActionForm
          key={action}
          id={id}
          tz={tz}
          action={action}
          onCancel={() => setAction(null)}
          onDone={() => {
            setAction(null);
            detail.reload();
            onChanged();
          }}
        />
      ) : null}
    </div>
  );
}

/** What a finding or the conclusion cites, by title: a link opens in a new tab; a file is in the investigation's files. */
function EvidenceTitles({ evidence, testId }: { evidence: Evidence[]; testId: string }) {
  const { t } = useI18n();
  return (
    <span className="muted small" data-testid={testId}>
      {' · '}
      {t.evidence}：
      {evidence.map((e, k) => (
        <span key={k}>
          {k ? '、' : ''}
          {e.url ? (
            <a href={e.url} target="_blank" rel="noreferrer noopener">
              {e.title}
            </a>
          ) : (
            e.title
          )}
        </span>
      ))}
    </span>
  );
}

function ComplaintActionForm({
  id,
  tz,
  action,
  onDone,
  onCancel,
}: {
  id: string;
  tz: string;
  action: 'assign' | 'add_finding' | 'conclude';
  onDone(): void;
  onCancel(): void;
}) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState('unsubstantiated');
  const [target, setTarget] = useState<string>(SUGGESTION_TARGETS[0]);
  const [suggestion, setSuggestion] = useState('');
  const [item, setItem] = useState({
    checklistCode: 'B4',
    severity: 'general',
    classification: 'immediate',
    responsiblePerson: '',
    dueAt: '',
  });
  const setItemField = (k: keyof typeof item) => (value: string) => setItem((i) => ({ ...i, [k]: value }));
  // a finding and a conclusion may cite evidence: files uploaded as they are picked, or links
  const [evidence, setEvidence] = useState<EvidenceRow[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [key] = useState(randomKey);

  const body = () => {
    if (action === 'assign') return { action, investigator: text.trim() };
    const ev = evidenceBody(evidence);
    const cited = ev.length ? { evidence: ev } : {};
    if (action === 'add_finding') return { action, note: text.trim(), ...cited };
    if (outcome !== 'substantiated') return { action, outcome, summary: text.trim(), ...cited };
    return {
      action,
      outcome,
      summary: text.trim(),
      ...cited,
      suggestion: { target, text: suggestion.trim() },
      item: compact({
        ...item,
        responsiblePerson: item.responsiblePerson.trim(),
        dueAt: item.classification === 'scheduled' ? (zonedInputToIso(item.dueAt, tz) ?? '') : '',
      }),
    };
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = ComplaintActionSchema.safeParse(body());
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    try {
      await api.post(`/v1/complaints/${encodeURIComponent(id)}/actions`, parsed.data, { idempotencyKey: key });
      onDone();
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    }
  };
  const textPath = action === 'assign' ? 'investigator' : action === 'add_finding' ? 'note' : 'summary';
  return (
    <form className="inline-form" onSubmit={submit} data-testid={`complaint-form-${action}`} noValidate>
      {action === 'conclude' ? (
        <Field errors={errors} path="outcome">
          <select value={outcome} onChange={(e) => setOutcome(e.target.value)} data-testid="complaint-outcome">
            <option value="unsubstantiated">{t.outcomes.unsubstantiated}</option>
            <option value="substantiated">{t.outcomes.substantiated}</option>
            <option value="not_accepted">{t.outcomes.not_accepted}</option>
          </select>
        </Field>
      ) : null}
      <Field
        label={action === 'assign' ? t.investigator : action === 'add_finding' ? t.findings : t.summary}
        errors={errors}
        path={textPath}
        hint={action === 'conclude' ? t.replyIsPublic : undefined}
      >
        <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} data-testid="complaint-text" />
      </Field>
      {action === 'conclude' && outcome === 'substantiated' ? (
        <>
          <div className="row">
            <SelectField
              label={t.suggestion}
              errors={errors}
              path="suggestion.target"
              value={target}
              onChange={setTarget}
              options={SUGGESTION_TARGETS}
              optionLabel={(s) => t.suggestionTargets[s]}
            />
            <Field errors={errors} path="suggestion.text">
              <input type="text" value={suggestion} onChange={(e) => setSuggestion(e.target.value)} />
            </Field>
          </div>
          <div className="row">
            <ChecklistCodeField
              errors={errors}
              path="item.checklistCode"
              value={item.checklistCode}
              onChange={setItemField('checklistCode')}
            />
            <SeverityField
              errors={errors}
              path="item.severity"
              value={item.severity}
              onChange={setItemField('severity')}
            />
            <ClassificationField
              errors={errors}
              path="item.classification"
              value={item.classification}
              onChange={setItemField('classification')}
            />
            <Field errors={errors} path="item.responsiblePerson">
              <input
                type="text"
                value={item.responsiblePerson}
                onChange={(e) => setItemField('responsiblePerson')(e.target.value)}
              />
            </Field>
            {item.classification === 'scheduled' ? (
              <Field label={`${t.dueAt}（${zoneLabel(tz, lang)}）`} errors={errors} path="item.dueAt">
                <input
                  type="datetime-local"
                  step={1}
                  value={item.dueAt}
                  onChange={(e) => setItemField('dueAt')(e.target.value)}
                />
              </Field>
            ) : null}
          </div>
        </>
      ) : null}
      {action !== 'assign' ? <EvidenceFields rows={evidence} onChange={setEvidence} errors={errors} /> : null}
      <FormActions errors={errors} submitLabel={t.submit} submitTestId="complaint-action-submit" onCancel={onCancel} />
    </form>
  );
}
