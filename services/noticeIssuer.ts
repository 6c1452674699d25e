import type { Sql, TransactionSql } from 'postgres';
import type { CampaignSettings } from '../domain/campaign';
import type { CodeGroup } from '../domain/documents';

/** The bureau that issues a numbered document, and what its document numbers are made of. */
export interface NoticeIssuer {
  /** Numbering runs per issuer, 代字 and year: the registry id of the issuing bureau's jurisdiction. */
  id: string;
  /** The jurisdiction's name: 沙坡头区 (the document says 沙坡头区司法局). */
  name: string;
  /** The notice prefix (沙法督), from which the other 代字 are derived unless the registry names them. */
  prefix: string;
  /** 代字 the registry keeps per kind group (org_jurisdictions.document_codes). */
  codes: Partial<Record<CodeGroup, string>> | null;
  /** The issuing day and year are counted in the campaign's time zone. */
  timeZone: string;
  /** The campaign's settings: the receipt window and its calendar. */
  settings: CampaignSettings;
}

/**
 * The ONE place that decides who issues a document: the bureau of the nearest jurisdiction, from the one the matter
 * lies in (an agency's own, or the jurisdiction given) up to the campaign's root, that has a notice prefix in the
 * organisation registry (org_jurisdictions.notice_prefix: a county's bureau supervises the county's agencies); when
 * none has, the campaign's root bureau under the policy's prefix. A complaint without a known agency goes to the root.
 */
export async function resolveNoticeIssuer(
  q: Sql | TransactionSql,
  campaignId: string,
  agencyId: string,
  jurisdictionId?: string,
): Promise<NoticeIssuer> {
  const [campaign] = await q<{ root: string; root_name: string; settings: CampaignSettings }[]>`
    select jurisdiction->>'id' as root, jurisdiction->>'name' as root_name, settings from campaigns where id = ${campaignId}`;
  const [issuing] = await q<
    { id: string; name: string; notice_prefix: string; document_codes: Partial<Record<CodeGroup, string>> | null }[]
  >`
    with own as (
      select path from (
        select 1 as rank, j.path from agencies a join org_jurisdictions j on j.id = a.jurisdiction_id
        where a.campaign_id = ${campaignId} and a.id = ${agencyId}
        union all
        select 2, path from org_jurisdictions where id = ${jurisdictionId ?? null}
        union all
        select 3, path from org_jurisdictions where id = ${campaign.root}
      ) candidates order by rank limit 1
    )
    select o.id, o.name, o.notice_prefix, o.document_codes from own, org_jurisdictions o
    where o.id = any(own.path) and o.notice_prefix is not null
      and array_position(own.path, o.id) >= coalesce(array_position(own.path, ${campaign.root}::text), 1)
    order by array_position(own.path, o.id) desc
    limit 1`;
  const timeZone = campaign.settings.calendar.timeZone;
  const settings = campaign.settings;
  if (issuing)
    return {
      id: issuing.id,
      name: issuing.name,
      prefix: issuing.notice_prefix,
      codes: issuing.document_codes,
      timeZone,
      settings,
    };
  const [root] = await q<{ document_codes: Partial<Record<CodeGroup, string>> | null }[]>`
    select document_codes from org_jurisdictions where id = ${campaign.root}`;
  return {
    id: campaign.root,
    name: campaign.root_name,
    prefix: settings.policy.noticePrefix,
    codes: root?.document_codes ?? null,
    timeZone,
    settings,
  };
}
