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
 * The ONE place that decides who issues an agency's notices: the bureau of the nearest jurisdiction of the registry,
 * from the agency's own up to the root, that has a notice prefix of its own (a county's 司法局 supervises the county's
 * agencies; org_jurisdictions.notice_prefix); when none has, the campaign's root bureau under the policy's prefix. A
 * complaint without a known agency goes to the root.
 */
export async function resolveNoticeIssuer(q: Sql | TransactionSql, campaignId: string, agencyId: string): Promise<NoticeIssuer> {
  const [row] = await q<{ jurisdiction: Jurisdiction; settings: CampaignSettings }[]>`
    select c.jurisdiction, c.settings from campaigns c where c.id = ${campaignId}`;
  const root = row.jurisdiction;
  const timeZone = row.settings.calendar.timeZone;
  const [issuing] = await q<{ id: string; name: string; notice_prefix: string }[]>`
    select j.id, j.name, j.notice_prefix
    from org_agencies a
    join org_jurisdictions home on home.id = a.jurisdiction_id
    join org_jurisdictions j on j.id = any(home.path)
    where a.id = ${agencyId} and j.notice_prefix is not null
    order by cardinality(j.path) desc
    limit 1`;
  return issuing
    ? { id: issuing.id, name: issuing.name, prefix: issuing.notice_prefix, timeZone }
    : { id: root.id, name: root.name, prefix: row.settings.policy.noticePrefix, timeZone };
}
