import { useState } from 'react';
import { QUEUE_KINDS, type QueueItem, type QueueKind } from '../../../domain/queue';
import { api, ApiError, qs, type Me, type PageOf } from '../api';
import { LoadError, Loading, Section, Updated } from '../components';
import { fmtDateTime } from '../format';
import { usePoll } from '../hooks';
import { deliverableLabel, fill, useI18n } from '../i18n';
import { Link } from '../router';
import { FilterSelect } from './FilterSelect';
import type { CampaignListItem } from '../types';

type Queue = { counts: Partial<Record<QueueKind, number>>; items: QueueItem[] };

/** Where an item of the queue is dealt with. */
function linkOf(i: QueueItem, me: Me): string {
  const c = encodeURIComponent(i.campaignId);
  const agencyPage = `/campaigns/${c}/agencies/${encodeURIComponent(i.agencyId ?? '')}`;
  switch (i.subject.kind) {
    case 'deliverable':
      // the bureau opens its review; the agency its form (a returned one starts from the last submission)
      return `${agencyPage}?open=${me.role === 'bureau' ? 'r' : 'd'}-${i.subject.id}`;
    case 'item':
      return `/campaigns/${c}/items/${encodeURIComponent(i.subject.id)}`;
    case 'complaint':
      return `/complaints?open=${encodeURIComponent(i.subject.id)}`;
    case 'document':
      // the register lists it with its PDF and the 签收 button; a commission signs for its letters among its referrals
      return me.role === 'discipline' ? '/referrals' : '/documents';
    default:
      return agencyPage;
  }
}

/** What a bureau may do to many selected items of one kind at once (POST /v1/queue/actions). */
const BULK: Partial<Record<QueueKind, 'accept_deliverables' | 'verify_items' | 'close_complaints_not_accepted'>> = {
  deliverable_to_review: 'accept_deliverables',
  item_to_verify: 'verify_items',
  complaint_to_investigate: 'close_complaints_not_accepted',
  complaint_to_conclude: 'close_complaints_not_accepted',
};

const keyOf = (i: QueueItem) => `${i.kind}|${i.campaignId}|${i.agencyId ?? ''}|${i.subject.id}`;

/**
 * The desk (SPEC §15): what waits for the signed-in bureau or agency, counted by kind, filtered by campaign, agency
 * and kind, each item linked to where it is dealt with; a bureau selects many and acts on them at once.
 */
export function Desk({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const [campaignId, setCampaignId] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [kind, setKind] = useState<QueueKind | ''>('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const queue = usePoll(
    () => api.get<Queue>(`/v1/queue${qs({ campaignId, agencyId, limit: '500' })}`),
    [campaignId, agencyId],
  );
  const campaigns = usePoll(() => api.get<PageOf<CampaignListItem>>('/v1/campaigns?limit=500'), [], 60_000);
  const zoneOf = (id: string) => campaigns.data?.items.find((c) => c.id === id)?.timeZone ?? 'Asia/Shanghai';
  const kindLabel = (k: QueueKind) => (lang === 'zh' ? QUEUE_KINDS[k].zh : (t.deskKinds[k] ?? k));

  const all = queue.data?.items ?? [];
  const shown = all.filter((i) => !kind || i.kind === kind);
  const agencies = [...new Map(all.filter((i) => i.agencyId).map((i) => [i.agencyId!, i.agencyName ?? ''])).entries()];
  const bulk = kind ? BULK[kind] : undefined;
  const chosen = shown.filter((i) => selected.has(keyOf(i)));

  const act = async () => {
    if (!bulk || chosen.length === 0) return;
    const body =
      bulk === 'accept_deliverables'
        ? {
            action: bulk,
            targets: chosen.map((i) => ({ campaignId: i.campaignId, agencyId: i.agencyId, code: i.subject.id })),
          }
        : bulk === 'verify_items'
          ? { action: bulk, itemIds: chosen.map((i) => i.subject.id), note: text.trim() }
          : { action: bulk, complaintIds: chosen.map((i) => i.subject.id), reason: text.trim() };
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.post<{ done: number; results: { ok: boolean }[] }>('/v1/queue/actions', body);
      setOutcome(fill(t.desk.done, { done: r.done, failed: r.results.length - r.done }));
      setSelected(new Set());
      setText('');
      queue.reload();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      else throw err;
    } finally {
      setBusy(false);
    }
  };

  const needsText = bulk === 'verify_items' || bulk === 'close_complaints_not_accepted';
  return (
    <Section title={t.desk.title} actions={<Updated at={queue.updatedAt} />} testId="desk">
      <div className="desk-counts" data-testid="desk-counts">
        <button type="button" aria-pressed={kind === ''} onClick={() => (setKind(''), setSelected(new Set()))}>
          {t.desk.all} {all.length}
        </button>
        {(Object.keys(queue.data?.counts ?? {}) as QueueKind[]).map((k) => (
          <button
            type="button"
            key={k}
            aria-pressed={kind === k}
            onClick={() => (setKind(k), setSelected(new Set()))}
            data-testid={`desk-kind-${k}`}
            data-count={queue.data?.counts[k]}
          >
            {kindLabel(k)} {queue.data?.counts[k]}
          </button>
        ))}
      </div>
      <div className="filters">
        <FilterSelect
          label={t.campaigns}
          value={campaignId}
          onChange={setCampaignId}
          options={(campaigns.data?.items ?? []).map((c) => [c.id, c.name] as const)}
          testId="desk-campaign"
        />
        {me.role === 'bureau' ? (
          <FilterSelect
            label={t.agency}
            value={agencyId}
            onChange={setAgencyId}
            options={agencies}
            testId="desk-agency"
          />
        ) : null}
      </div>
      <LoadError error={queue.error ?? error} />
      {!queue.data && queue.loading ? <Loading /> : null}
      {queue.data && shown.length === 0 ? <p className="muted">{t.desk.empty}</p> : null}
      {me.role === 'bureau' && bulk && shown.length > 0 ? (
        <div className="filters" data-testid="desk-bulk">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={chosen.length === shown.length}
              onChange={(e) => setSelected(new Set(e.target.checked ? shown.map(keyOf) : []))}
              data-testid="desk-select-all"
            />
            {t.desk.selectAll}
          </label>
          {needsText ? (
            <label>
              {bulk === 'verify_items' ? t.desk.verifyNote : t.desk.notAcceptedReason}
              <input type="text" value={text} onChange={(e) => setText(e.target.value)} data-testid="desk-bulk-text" />
            </label>
          ) : null}
          <button
            type="button"
            className="primary"
            disabled={busy || chosen.length === 0 || (needsText && !text.trim())}
            onClick={() => void act()}
            data-testid="desk-bulk-submit"
          >
            {fill(t.desk[bulk], { n: chosen.length })}
          </button>
        </div>
      ) : null}
      {outcome ? (
        <p className="small" data-testid="desk-outcome">
          {outcome}
        </p>
      ) : null}
      <div data-testid="desk-items">
        {shown.map((i) => (
          <div className="desk-item" key={keyOf(i)} data-testid="desk-item" data-kind={i.kind}>
            {me.role === 'bureau' && bulk ? (
              <input
                type="checkbox"
                aria-label={t.desk.select}
                checked={selected.has(keyOf(i))}
                onChange={(e) => {
                  const next = new Set(selected);
                  if (e.target.checked) next.add(keyOf(i));
                  else next.delete(keyOf(i));
                  setSelected(next);
                }}
                data-testid="desk-select"
              />
            ) : null}
            <span className="tag">{kindLabel(i.kind)}</span>
            <Link to={linkOf(i, me)} className="desk-title" data-testid="desk-open">
              {i.subject.kind === 'deliverable' && lang !== 'zh' ? `${deliverableLabel(lang, i.subject.id)} · ` : ''}
              {i.title}
            </Link>
            <span className="muted small nowrap">
              {t.desk.since} {fmtDateTime(i.since, lang, zoneOf(i.campaignId))}
            </span>
            {i.dueAt ? (
              <span className="muted small nowrap">
                {t.dueAt} {fmtDateTime(i.dueAt, lang, zoneOf(i.campaignId))}
              </span>
            ) : null}
          </div>
        ))}
      </div>
    </Section>
  );
}
