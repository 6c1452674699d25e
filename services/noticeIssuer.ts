import type { Sql, TransactionSql } from 'postgres';
import type { CampaignSettings, Jurisdiction } from '../domain/campaign';

/** The bureau that issues a numbered notice to an agency, and the prefix of its document numbers (沙法督). */
export interface NoticeIssuer {
  /** Numbering runs per issuer and year: the jurisdiction id of the issuing bureau. */
  id: string;
  name: string;
  prefix: string;
  /** The issuing day and year are counted in the campaign's time zone. */
  timeZone: string;
}

/**
 * The ONE place that decides who issues an agency's notices: the bureau of the nearest jurisdiction, from the agency's
 * own up to the root, that has a notice prefix of its own (a county's 司法局 supervises the county's agencies); when
 * none has, the root bureau under the policy's prefix. A complaint without a known agency goes to the root.
 *
 * It reads the campaign's jurisdiction tree (each node's optional `noticePrefix`). When the organisation registry
 * (org_jurisdictions with its notice_prefix) is in place, only this function changes to read it.
 */
export async function resolveNoticeIssuer(q: Sql | TransactionSql, campaignId: string, agencyId: string): Promise<NoticeIssuer> {
  const [row] = await q<{ jurisdiction: Jurisdiction; settings: CampaignSettings; agency_jurisdiction: string | null }[]>`
    select c.jurisdiction, c.settings,
           (select a.jurisdiction_id from agencies a where a.campaign_id = c.id and a.id = ${agencyId}) as agency_jurisdiction
    from campaigns c where c.id = ${campaignId}`;
  const root = row.jurisdiction;
  const fallback = { id: root.id, name: root.name, prefix: row.settings.policy.noticePrefix, timeZone: row.settings.calendar.timeZone };
  const path = row.agency_jurisdiction ? pathTo(root, row.agency_jurisdiction) : null;
  const issuing = path?.reverse().find((j) => j.noticePrefix);
  return issuing ? { id: issuing.id, name: issuing.name, prefix: issuing.noticePrefix!, timeZone: fallback.timeZone } : fallback;
}

/** The nodes from the root down to the one with this id, or null when the tree has no such node. */
function pathTo(node: Jurisdiction, id: string): Jurisdiction[] | null {
  if (node.id === id) return [node];
  for (const child of node.children ?? []) {
    const below = pathTo(child, id);
    if (below) return [node, ...below];
  }
  return null;
}
