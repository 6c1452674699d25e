import type { ReactNode } from 'react';
import { api, type Me, type PageOf } from '../api';
import { LoadError, Loading, TimeZoneContext } from '../components';
import { zoneLabel } from '../format';
import { usePoll, type Polled } from '../hooks';
import { useI18n } from '../i18n';
import { INNER_PAGES, may } from '../navigation';
import { Link, useLocation } from '../router';
import type { CampaignListItem, CampaignSummary } from '../types';

/** What every view inside a campaign knows: its name, phase, time zone and, for a bureau, the live summary. */
export interface CampaignContext {
  id: string;
  name: string;
  phase: string;
  timeZone: string;
  /** a drill (演练): every campaign screen says so */
  drill: boolean;
  summary: Polled<CampaignSummary> | null;
}

/** 演练: a drill campaign is marked wherever it is named. */
export function DrillBadge() {
  const { t } = useI18n();
  return (
    <span className="badge drill" data-testid="drill-badge" title={t.drillHint}>
      {t.drill}
    </span>
  );
}

export function CampaignFrame({
  id,
  me,
  children,
}: {
  id: string;
  me: Me;
  children: (c: CampaignContext) => ReactNode;
}) {
  const { t, lang } = useI18n();
  const { path } = useLocation();
  const isBureau = me.role === 'bureau';
  // A bureau reads the summary (it polls, so the header's phase moves too); an agency knows the campaign from its list.
  const summary = usePoll(
    () => (isBureau ? api.get<CampaignSummary>(`/v1/campaigns/${encodeURIComponent(id)}`) : Promise.resolve(null)),
    [id, isBureau],
  );
  const listed = usePoll(
    () =>
      isBureau
        ? Promise.resolve(null)
        : api
            .get<PageOf<CampaignListItem>>('/v1/campaigns?limit=500')
            .then((p) => p.items.find((c) => c.id === id) ?? null),
    [id, isBureau],
    15_000,
  );
  const error = summary.error ?? listed.error;
  const s = summary.data;
  const l = listed.data;
  if (!s && !l) {
    return error ? (
      <LoadError error={error} />
    ) : summary.loading || listed.loading ? (
      <Loading />
    ) : (
      <p className="error">{t.notFound}</p>
    );
  }
  const ctx: CampaignContext = {
    id,
    name: s?.name ?? l?.name ?? id,
    phase: s?.phase ?? l?.phase ?? 'not_started',
    timeZone: s?.calendar.timeZone ?? l?.timeZone ?? 'Asia/Shanghai',
    drill: s?.drill ?? l?.drill ?? false,
    summary: isBureau ? (summary as Polled<CampaignSummary>) : null,
  };
  const base = `/campaigns/${encodeURIComponent(id)}`;
  const tab = (to: string, label: string, testId: string) => (
    <Link to={to} className={path === to ? 'tab active' : 'tab'} data-testid={testId}>
      {label}
    </Link>
  );
  return (
    <div className="campaign">
      <div className="campaign-head">
        <div>
          <h1 data-testid="campaign-name">
            {ctx.name}
            {ctx.drill ? <DrillBadge /> : null}
          </h1>
          <div className="muted small">
            <span className={`phase phase-${ctx.phase}`} data-testid="campaign-phase" data-phase={ctx.phase}>
              {t.phases[ctx.phase] ?? ctx.phase}
            </span>{' '}
            · {zoneLabel(ctx.timeZone, lang)}
          </div>
        </div>
        <nav className="tabs">
          {/* only the tabs the role may open (navigation.ts): an agency has its own page and nothing else */}
          {may(INNER_PAGES.overview, me.role) ? tab(base, t.overview, 'tab-overview') : null}
          {may(INNER_PAGES.agencies, me.role) ? tab(`${base}/agencies`, t.agencies, 'tab-agencies') : null}
          {may(INNER_PAGES.spotChecks, me.role)
            ? tab(`${base}/spot-checks`, t.spotChecks.tab, 'tab-spot-checks')
            : null}
          {me.role === 'agency' && me.agencyId
            ? tab(`${base}/agencies/${encodeURIComponent(me.agencyId)}`, t.agency, 'tab-my-agency')
            : null}
          {may(INNER_PAGES.assessment, me.role) ? tab(`${base}/assessment`, t.assessment.tab, 'tab-assessment') : null}
          {may(INNER_PAGES.calendar, me.role) ? tab(`${base}/calendar`, t.deadlineCalendar.tab, 'tab-calendar') : null}
        </nav>
      </div>
      <TimeZoneContext.Provider value={ctx.timeZone}>{children(ctx)}</TimeZoneContext.Provider>
    </div>
  );
}
