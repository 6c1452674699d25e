import { Table } from '../components';
import { fmtDateTime } from '../format';
import { checklistLabel, useI18n } from '../i18n';
import { Link } from '../router';
import type { CampaignContext } from './CampaignFrame';

/** A ledger item a spot-check finding opened (GET /v1/campaigns/:id/spot-check-findings). */
export interface SpotCheckFinding {
  itemId: string;
  spotCheckId: string;
  agencyId: string;
  agencyName: string;
  checklistCode: string;
  description: string;
  severity: string;
  classification: string;
  disposals: string[];
  responsiblePerson: string | null;
  dueAt: string;
  status: string;
  listed: boolean;
  overdue: boolean;
}

/** Findings as ledger items with their disposals; each opens the item's page (its history, its ladder). */
export function FindingsTable({
  campaign,
  findings,
  testId,
}: {
  campaign: CampaignContext;
  findings: SpotCheckFinding[];
  testId: string;
}) {
  const { t, lang } = useI18n();
  return (
    <div className="table-scroll">
      <Table
        columns={[
          t.agency,
          t.checklistCode,
          t.description,
          t.severity,
          t.spotChecks.disposals,
          t.classification,
          t.dueAt,
          t.status,
        ]}
        testId={testId}
      >
        {findings.map((f) => (
          <tr key={f.itemId} data-testid={`finding-${f.itemId}`} data-disposals={f.disposals.join(' ')}>
            <td>{f.agencyName}</td>
            <td title={checklistLabel(lang, f.checklistCode)}>{f.checklistCode}</td>
            <td>
              <Link
                to={`/campaigns/${encodeURIComponent(campaign.id)}/items/${encodeURIComponent(f.itemId)}`}
                data-testid="finding-item"
              >
                {f.description}
              </Link>
            </td>
            <td>{t.severities[f.severity] ?? f.severity}</td>
            <td>
              {f.disposals.map((d) => (
                <span key={d} className="tag" data-disposal={d}>
                  {t.disposals[d] ?? d}
                </span>
              ))}
            </td>
            <td>{t.classifications[f.classification] ?? f.classification}</td>
            <td className="nowrap">{fmtDateTime(f.dueAt, lang, campaign.timeZone)}</td>
            <td>
              {t.itemStatuses[f.status] ?? f.status}
              {f.overdue ? <span className="tag tag-overdue">{t.overdue}</span> : null}
              {f.listed ? <span className="tag tag-listed_supervision">{t.listed}</span> : null}
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
