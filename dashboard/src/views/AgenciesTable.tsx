import { useState } from 'react';
import { qs } from '../api';
import { LightBadge, LoadError, Loading, Section, Table } from '../components';
import { fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { subjectText } from '../subjects';
import { Link, navigate } from '../router';
import type { AgencyListItem } from '../types';
import type { CampaignContext } from './CampaignFrame';
import { flattenJurisdictions } from './Overview';
import { ListActions, Pager, usePagedList, type Columns } from './ListTools';

const PAGE = 100;

export function AgenciesTable({ campaign }: { campaign: CampaignContext }) {
  const { t, lang } = useI18n();
  const [phase, setPhase] = useState('');
  const [light, setLight] = useState('');
  const [jurisdictionId, setJurisdictionId] = useState('');
  const [overdue, setOverdue] = useState(false);
  const base = `/v1/campaigns/${encodeURIComponent(campaign.id)}`;
  const query = qs({ phase, light, jurisdictionId, overdue: overdue ? 'true' : undefined });
  const { list, pager } = usePagedList<AgencyListItem>(`${base}/agencies`, query, PAGE);
  const root = campaign.summary?.data?.jurisdiction;
  const jurisdictions = root ? flattenJurisdictions(root) : [];
  const jName = new Map(jurisdictions.map((j) => [j.id, j.name]));
  const deadlineOf = (a: AgencyListItem) => subjectText(t, lang, a.nextDeadline?.subject);
  const columns: Columns<AgencyListItem> = [
    [t.light, (a) => t.lights[a.light] ?? a.light],
    [t.agency, (a) => a.name],
    [t.jurisdiction, (a) => jName.get(a.jurisdictionId) ?? a.jurisdictionId],
    [t.phase, (a) => t.phases[a.phase] ?? a.phase],
    [t.nextDeadline, (a) => (a.nextDeadline ? fmtDateTime(a.nextDeadline.dueAt, lang, campaign.timeZone) : '')],
    [t.deliverable, deadlineOf],
    [t.overdue, (a) => (a.overdue ? t.yes : '')],
    [t.listed, (a) => (a.listed ? t.yes : '')],
  ];
  const agencyPath = (id: string) => `/campaigns/${encodeURIComponent(campaign.id)}/agencies/${encodeURIComponent(id)}`;

  return (
    <Section
      title={t.agencies}
      actions={
        <ListActions
          path={`${base}/agencies`}
          query={query}
          columns={columns}
          filename={`执法机关-${campaign.id}.csv`}
          testId="agencies-csv"
          updatedAt={list.updatedAt}
        />
      }
      testId="agencies"
    >
      <div className="filters">
        <label>
          {t.filterPhase}
          <select value={phase} onChange={(e) => setPhase(e.target.value)} data-testid="filter-phase">
            <option value="">{t.all}</option>
            {['not_started', 'deployment', 'self_inspection', 'consolidation', 'spot_check', 'closed'].map((p) => (
              <option key={p} value={p}>
                {t.phases[p]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.filterLight}
          <select value={light} onChange={(e) => setLight(e.target.value)} data-testid="filter-light">
            <option value="">{t.all}</option>
            {['green', 'yellow', 'orange', 'red'].map((l) => (
              <option key={l} value={l}>
                {t.lights[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.filterJurisdiction}
          <select
            value={jurisdictionId}
            onChange={(e) => setJurisdictionId(e.target.value)}
            data-testid="filter-jurisdiction"
          >
            <option value="">{t.all}</option>
            {jurisdictions.map((j) => (
              <option key={j.id} value={j.id}>
                {'\u3000'.repeat(j.depth)}
                {j.name}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={overdue}
            onChange={(e) => setOverdue(e.target.checked)}
            data-testid="filter-overdue"
          />
          {t.filterOverdue}
        </label>
      </div>
      <LoadError error={list.error} />
      {!list.data && list.loading ? <Loading /> : null}
      {list.data ? (
        <>
          <Table
            columns={[t.light, t.agency, t.jurisdiction, t.phase, `${t.nextDeadline} ▲`, null]}
            variant="clickable"
            testId="agencies-table"
          >
            {list.data.items.map((a) => (
              <tr
                key={a.id}
                data-testid={`agency-row-${a.id}`}
                data-light={a.light}
                onClick={() => navigate(agencyPath(a.id))}
              >
                <td>
                  <LightBadge light={a.light} testId={`agency-light-${a.id}`} />
                </td>
                <td className="agency-name">
                  <Link to={agencyPath(a.id)} onClick={(e) => e.stopPropagation()} data-testid="agency-name">
                    {a.name}
                  </Link>
                </td>
                <td>{jName.get(a.jurisdictionId) ?? a.jurisdictionId}</td>
                <td>{t.phases[a.phase] ?? a.phase}</td>
                <td className="nowrap">
                  {a.nextDeadline ? (
                    <>
                      {fmtDateTime(a.nextDeadline.dueAt, lang, campaign.timeZone)}
                      <div className="muted small">{deadlineOf(a)}</div>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {a.overdue ? <span className="tag tag-overdue">{t.overdue}</span> : null}{' '}
                  {a.listed ? <span className="tag tag-listed_supervision">{t.listed}</span> : null}
                </td>
              </tr>
            ))}
          </Table>
          <Pager pager={pager} />
        </>
      ) : null}
    </Section>
  );
}
