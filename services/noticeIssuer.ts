import type { Sql, TransactionSql } from 'postgres';
import type { CampaignSettings } from '../domain/campaign';

/** The bureau that issues a numbered notice to an agency, and the prefix of its document numbers (沙法督). */
export interface NoticeIssuer {
  /** Numbering runs per issuer and year: the registry id of the issuing bureau's jurisdiction. */
  id: string;
  name: string;
  prefix: string;
  /** The issuing day and year are counted in the campaign's time zone. */
  timeZone: string;
}

/**
 * The ONE place that decides who issues an agency's notices: the bureau of the nearest jurisdiction, from the agency's
 * own up to the campaign's root, that has a notice prefix in the organisation registry (org_jurisdictions.
 * notice_prefix: a county's bureau supervises the county's agencies); when none has, the campaign's root bureau under
 * the policy's prefix. A complaint without a known agency goes to the root.
 */
export async function resolveNoticeIssuer(
  q: Sql | TransactionSql,
  campaignId: string,
  agencyId: string,
): Promise<NoticeIssuer> {
  const [campaign] = await q<{ root: string; root_name: string; settings: CampaignSettings }[]>`
    select jurisdiction->>'id' as root, jurisdiction->>'name' as root_name, settings from campaigns where id = ${campaignId}`;
  const [issuing] = await q<{ id: string; name: string; notice_prefix: string }[]>`
    with own as (
      select j.path from agencies a join org_jurisdictions j on j.id = a.jurisdiction_id
      where a.campaign_id = ${campaignId} and a.id = ${agencyId}
    )
    select o.id, o.name, o.notice_prefix from own, org_jurisdictions o
    where o.id = any(own.path) and o.notice_prefix is not null
      and array_position(own.path, o.id) >= coalesce(array_position(own.path, ${campaign.root}::text), 1)
    order by array_position(own.path, o.id) desc
    limit 1`;
  const timeZone = campaign.settings.calendar.timeZone;
  if (issuing) return { id: issuing.id, name: issuing.name, prefix: issuing.notice_prefix, timeZone };
  return { id: campaign.root, name: campaign.root_name, prefix: campaign.settings.policy.noticePrefix, timeZone };
}
