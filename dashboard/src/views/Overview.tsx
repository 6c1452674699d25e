import { api, download } from '../api';
import { isMissingRoute, LoadError, Loading, Section, Stat, Updated } from '../components';
import { fmtDateTime, pct } from '../format';
import { useNow, usePoll } from '../hooks';
import { useI18n } from '../i18n';
import type { AgencyListItem, ItemSummary, Jurisdiction } from '../types';
import type { CampaignContext } from './CampaignFrame';
import { OpenedClosedChart, StackedBar } from './charts';
import { HolidayTimeline } from './HolidayTimeline';
import { EventsFeed } from './EventsFeed';
import { allPages } from './ListTools';

const LIGHTS = ['green', 'yellow', 'orange', 'red'];
const PHASES = ['not_started', 'deployment', 'self_inspection', 'consolidation', 'spot_check', 'closed'];

interface CountyRow {
  id: string;
  name: string;
  found: number;
  closed: number;
  rectified: number;
  overdue: number;
}

/** The county (县区) an agency reports to: the top-level child of the city holding its jurisdiction, else the city. */
export function countyOf(root: Jurisdiction, jurisdictionId: string): Jurisdiction {
  const holds = (j: Jurisdiction): boolean => j.id === jurisdictionId || (j.children ?? []).some(holds);
  return (root.children ?? []).find(holds) ?? root;
}

export function flattenJurisdictions(root: Jurisdiction, depth = 0): { id: string; name: string; depth: number }[] {
  return [
    { id: root.id, name: root.name, depth },
    ...(root.children ?? []).flatMap((c) => flattenJurisdictions(c, depth + 1)),
  ];
}

function ledgerByCounty(root: Jurisdiction, agencies: AgencyListItem[], items: ItemSummary[]): CountyRow[] {
  const agencyCounty = new Map(agencies.map((a) => [a.id, countyOf(root, a.jurisdictionId)]));
  const rows = new Map<string, CountyRow>();
  const counties = [root, ...(root.children ?? [])];
  for (const c of counties) rows.set(c.id, { id: c.id, name: c.name, found: 0, closed: 0, rectified: 0, overdue: 0 });
  for (const i of items) {
    const county = agencyCounty.get(i.agencyId) ?? root;
    const row = rows.get(county.id)!;
    row.found += 1;
    if (i.status === 'closed') row.closed += 1;
    if (i.status === 'closed' && i.closure?.kind === 'rectified') row.rectified += 1;
    if (i.overdue && i.status !== 'closed') row.overdue += 1;
  }
  return [...rows.values()];
}

interface Statistics {
  rows?: { kind: string; groupId: string; groupName: string; name: string; counts: Record<string, number> }[];
}

function statisticsByCounty(stats: Statistics | undefined): { counties: CountyRow[]; total: CountyRow | null } | null {
  if (!stats || !Array.isArray(stats.rows)) return null;
  const row = (r: NonNullable<Statistics['rows']>[number], id: string, name: string): CountyRow => ({
    id,
    name,
    found: r.counts.found ?? 0,
    rectified: r.counts.rectified ?? 0,
    closed: (r.counts.rectified ?? 0) + (r.counts.closedOtherwise ?? 0),
    overdue: r.counts.overdue ?? 0,
  });
  const total = stats.rows.find((r) => r.kind === 'total');
  return {
    counties: stats.rows.filter((r) => r.kind === 'subtotal').map((r) => row(r, r.groupId, r.groupName)),
    total: total ? row(total, 'total', total.name) : null,
  };
}

export function Overview({ campaign }: { campaign: CampaignContext }) {
  const { t, lang } = useI18n();
  const now = useNow(1000);
  const base = `/v1/campaigns/${encodeURIComponent(campaign.id)}`;
  const summary = campaign.summary!;
  // The chart needs every item's dates; a province-sized ledger is read in pages, less often.
  const items = usePoll(() => allPages<ItemSummary>(`${base}/items`, 10), [base], 10_000);
  // Attachment 2 (the statistics report) gives the county subtotals; without it they are summed here from the ledger,
  // which needs every agency's jurisdiction. Otherwise one page of agencies is the events feed's agency filter.
  const statistics = usePoll(() => api.get<Statistics>(`${base}/reports/statistics`), [base], 5000);
  const statsMissing = isMissingRoute(statistics.error);
  const agencies = usePoll(
    () => allPages<AgencyListItem>(`${base}/agencies`, statsMissing ? 20 : 1),
    [base, statsMissing],
    30_000,
  );
  const s = summary.data;
  if (!s) return <LoadError error={summary.error} />;
  const tz = campaign.timeZone;
  // Attachment 2's county subtotals when the statistics report answers; else the same sums from the ledger itself.
  const fromReport = statisticsByCounty(statistics.data);
  const counties =
    fromReport?.counties ??
    (items.data && agencies.data ? ledgerByCounty(s.jurisdiction, agencies.data, items.data) : null);
  const totals =
    fromReport?.total ??
    counties?.reduce(
      (a, r) => ({
        ...a,
        found: a.found + r.found,
        closed: a.closed + r.closed,
        rectified: a.rectified + r.rectified,
        overdue: a.overdue + r.overdue,
      }),
      {
        id: 'total',
        name: t.total,
        found: 0,
        closed: 0,
        rectified: 0,
        overdue: 0,
      },
    );
  const opened = (items.data ?? []).map((i) => Date.parse(i.createdAt));
  const closed = (items.data ?? [])
    .filter((i) => i.status === 'closed')
    .map((i) => Date.parse(i.closure?.at ?? i.createdAt));
  const hasStatistics = !!statistics.data && !statistics.error;

  return (
    <div className="grid" data-testid="overview">
      <Section title={t.timeline} actions={<Updated at={summary.updatedAt} />} testId="timeline-card">
        <HolidayTimeline calendar={s.calendar} now={now} />
      </Section>

      <div className="grid-2">
        <Section title={t.byLight} testId="by-light">
          <StackedBar
            testId="light-counts"
            parts={LIGHTS.map((l) => ({
              key: l,
              value: s.agencies.byLight[l] ?? 0,
              className: `bg-${l}`,
              label: t.lights[l],
            }))}
          />
          <div className="stats">
            <Stat label={t.agencies} value={s.agencies.total} />
            <Stat
              label={t.overdueAgencies}
              value={s.agencies.overdue}
              tone={s.agencies.overdue ? 'orange' : undefined}
              testId="stat-overdue"
            />
            <Stat label={t.listedAgencies} value={s.agencies.listed} tone={s.agencies.listed ? 'red' : undefined} />
          </div>
        </Section>
        <Section title={t.byPhase} testId="by-phase">
          <StackedBar
            testId="phase-counts"
            parts={PHASES.filter((p) => (s.agencies.byPhase[p] ?? 0) > 0 || p !== 'not_started').map((p) => ({
              key: p,
              value: s.agencies.byPhase[p] ?? 0,
              className: `bg-phase-${p}`,
              label: t.phases[p],
            }))}
          />
          <h3>{t.deliverables}</h3>
          <div
            className="progress"
            data-testid="deliverables-progress"
            data-received={s.deliverables.received}
            data-due={s.deliverables.due}
          >
            <div
              className="progress-bar"
              style={{ width: `${s.deliverables.due ? (100 * s.deliverables.received) / s.deliverables.due : 0}%` }}
            />
          </div>
          <p className="small">
            {t.received} <strong>{s.deliverables.received}</strong> / {t.due} <strong>{s.deliverables.due}</strong> (
            {pct(s.deliverables.received, s.deliverables.due)}) · {t.late} <strong>{s.deliverables.late}</strong>
          </p>
          <p className="small" data-testid="review-counts">
            {t.accepted} <strong>{s.deliverables.accepted ?? 0}</strong> · {t.returnedCount}{' '}
            <strong>{s.deliverables.returned ?? 0}</strong>
          </p>
          {s.nextDeadlines.length ? (
            <p className="small muted">
              {t.nextDeadline}: {fmtDateTime(s.nextDeadlines[0].dueAt, lang, tz)} ({s.nextDeadlines[0].agencies})
            </p>
          ) : null}
        </Section>
      </div>

      <div className="grid-2">
        <Section title={t.ledgerTotals} testId="ledger-totals">
          <LoadError error={items.error ?? agencies.error} />
          {!statistics.error || isMissingRoute(statistics.error) ? null : <LoadError error={statistics.error} />}
          {counties && totals ? (
            <table className="table compact">
              <thead>
                <tr>
                  <th>{t.jurisdiction}</th>
                  <th className="num">{t.found}</th>
                  <th className="num">{t.closed}</th>
                  <th className="num">{t.rectified}</th>
                  <th className="num">{t.overdue}</th>
                  <th className="num">{t.rectificationRate}</th>
                </tr>
              </thead>
              <tbody>
                {counties.map((r) => (
                  <tr key={r.id} data-testid={`county-${r.id}`}>
                    <td>{r.name}</td>
                    <td className="num">{r.found}</td>
                    <td className="num">{r.closed}</td>
                    <td className="num">{r.rectified}</td>
                    <td className={`num ${r.overdue ? 'text-orange' : ''}`}>{r.overdue}</td>
                    <td className="num">{pct(r.rectified, r.found)}</td>
                  </tr>
                ))}
                <tr className="total-row" data-testid="county-total">
                  <td>{totals.name}</td>
                  <td className="num">{totals.found}</td>
                  <td className="num">{totals.closed}</td>
                  <td className="num">{totals.rectified}</td>
                  <td className="num">{totals.overdue}</td>
                  <td className="num">{pct(totals.rectified, totals.found)}</td>
                </tr>
              </tbody>
            </table>
          ) : (
            <Loading />
          )}
          {hasStatistics ? (
            <div className="buttons">
              <button
                type="button"
                className="link-button"
                onClick={() => void download(`${base}/reports/statistics.csv`)}
              >
                {t.statisticsCsv}
              </button>
              <button
                type="button"
                className="link-button"
                onClick={() => void download(`${base}/reports/contacts.csv`)}
              >
                {t.contactsCsv}
              </button>
              <button
                type="button"
                className="link-button"
                data-testid="statistics-xlsx"
                onClick={() => void download(`${base}/reports/statistics.xlsx`)}
              >
                {t.statisticsXlsx}
              </button>
              <button
                type="button"
                className="link-button"
                data-testid="contacts-xlsx"
                onClick={() => void download(`${base}/reports/contacts.xlsx`)}
              >
                {t.contactsXlsx}
              </button>
            </div>
          ) : null}
        </Section>
        <Section title={t.itemsOverTime} testId="items-over-time">
          <OpenedClosedChart opened={opened} closed={closed} now={now} timeZone={tz} />
        </Section>
      </div>

      <EventsFeed campaign={campaign} agencies={agencies.data ?? []} />
    </div>
  );
}
