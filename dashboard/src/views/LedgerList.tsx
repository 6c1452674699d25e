import { useState } from 'react';
import { ITEM_STATUSES } from '../../../domain/ledger';
import { qs } from '../api';
import { LoadError, Loading, Table, Updated } from '../components';
import { fmtDateTime } from '../format';
import { checklistLabel, useI18n } from '../i18n';
import { Link } from '../router';
import type { ItemSummary } from '../types';
import type { CampaignContext } from './CampaignFrame';
import { CsvButton, Pager, usePagedList, type Columns } from './ListTools';

/** An agency's ledger (问题清单): filtered by status and overdue, a page at a time, exported whole as CSV. */
export function LedgerList({ campaign, agencyId }: { campaign: CampaignContext; agencyId: string }) {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState('');
  const [overdue, setOverdue] = useState(false);
  const path = `/v1/campaigns/${encodeURIComponent(campaign.id)}/items`;
  const query = qs({ agencyId, status, overdue: overdue ? 'true' : undefined });
  const { list, pager } = usePagedList<ItemSummary>(path, query, 50);
  const tz = campaign.timeZone;
  const columns: Columns<ItemSummary> = [
    [t.item, (i) => i.description],
    [t.checklistCode, (i) => `${i.checklistCode} ${checklistLabel(lang, i.checklistCode)}`],
    [t.classification, (i) => t.classifications[i.classification] ?? i.classification],
    [t.severity, (i) => t.severities[i.severity] ?? i.severity],
    [t.dueAt, (i) => fmtDateTime(i.dueAt, lang, tz)],
    [t.status, (i) => t.itemStatuses[i.status] ?? i.status],
    [t.overdue, (i) => (i.overdue && i.status !== 'closed' ? t.yes : '')],
    [t.listed, (i) => (i.listed ? t.yes : '')],
  ];
  return (
    <>
      <div className="filters">
        <label>
          {t.status}
          <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="items-filter-status">
            <option value="">{t.all}</option>
            {ITEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t.itemStatuses[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={overdue}
            onChange={(e) => setOverdue(e.target.checked)}
            data-testid="items-filter-overdue"
          />
          {t.filterOverdueOnly}
        </label>
        <CsvButton
          path={path}
          query={query}
          columns={columns}
          filename={`问题清单-${agencyId}.csv`}
          testId="items-csv"
        />
        <Updated at={list.updatedAt} />
      </div>
      <LoadError error={list.error} />
      {list.data ? <ItemsTable items={list.data.items} campaignId={campaign.id} tz={tz} /> : <Loading />}
      <Pager pager={pager} />
    </>
  );
}

export function ItemsTable({ items, campaignId, tz }: { items: ItemSummary[]; campaignId: string; tz: string }) {
  const { t, lang } = useI18n();
  if (items.length === 0) return <p className="muted">{t.none}</p>;
  return (
    <Table columns={[t.item, t.checklistCode, t.classification, t.severity, t.dueAt, t.status]} testId="items-table">
      {items.map((i) => (
        <tr key={i.id} data-testid={`item-row-${i.id}`} data-status={i.status}>
          <td>
            <Link
              to={`/campaigns/${encodeURIComponent(campaignId)}/items/${encodeURIComponent(i.id)}`}
              data-testid="item-link"
            >
              {i.description.length > 60 ? `${i.description.slice(0, 60)}…` : i.description}
            </Link>
            <div className="muted small">{t.sources[i.source] ?? ''}</div>
          </td>
          <td>{checklistLabel(lang, i.checklistCode)}</td>
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
    </Table>
  );
}
