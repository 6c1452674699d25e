import type { Sql } from 'postgres';
import type { CampaignSettings } from '../../domain/campaign';

/**
 * Issues the numbered 通报 of a campaign's final assessment and answers its number. The one seam to the register of
 * issued documents: until it is merged, the number is kept on the assessment's own row, `<代字>〔year〕N号` with the
 * campaign's notice prefix and N counted among the 通报 issued under that prefix that year. Idempotent: a retry
 * answers the number first given.
 */
export async function announceResults(sql: Sql, p: { campaignId: string; at: string }): Promise<{ number: string }> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ circular_number: string | null; settings: CampaignSettings }[]>`
      select a.circular_number, c.settings from assessments a join campaigns c on c.id = a.campaign_id
      where a.campaign_id = ${p.campaignId} for update of a`;
    if (row.circular_number) return { number: row.circular_number };
    const { noticePrefix, timeZone } = { ...row.settings.policy, timeZone: row.settings.calendar.timeZone };
    const year = Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(new Date(p.at)));
    const head = `${noticePrefix}〔${year}〕`;
    // one number at a time under this prefix and year
    await tx`select pg_advisory_xact_lock(hashtext(${'circular:' + head}))`;
    const [{ n }] = await tx<{ n: number }[]>`
      select count(*)::int + 1 as n from assessments where circular_number like ${head + '%'}`;
    const number = `${head}${n}号`;
    await tx`update assessments set circular_number = ${number}, circular_issued_at = ${p.at}
             where campaign_id = ${p.campaignId}`;
    return { number };
  });
}
