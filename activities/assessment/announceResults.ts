import type { Sql } from 'postgres';
import { GRADES } from '../../domain/assessment/rubric';
import { DOCUMENT_KINDS } from '../../domain/documents';
import { issueDocument } from '../../services/documents/register';

/**
 * Issues the numbered 通报 of a campaign's final assessment through the register of issued documents (卫法通〔year〕N号,
 * to 各执法单位) and answers its number, kept on the assessment's row too. Its body names every agency by grade, from
 * the results frozen just before; never a person. Idempotent: the campaign is its key, so a retry answers the number
 * first given.
 */
export async function announceResults(sql: Sql, p: { campaignId: string; at: string }): Promise<{ number: string }> {
  return sql.begin(async (tx) => {
    const [campaign] = await tx<{ name: string; jurisdiction: { id: string; name: string } }[]>`
      select name, jurisdiction from campaigns where id = ${p.campaignId}`;
    const results = await tx<{ grade: string; name: string }[]>`
      select r.grade, coalesce(a.name, r.agency_id) as name from assessment_results r
      left join agencies a on a.campaign_id = r.campaign_id and a.id = r.agency_id
      where r.campaign_id = ${p.campaignId} order by r.score desc, r.agency_id`;
    const byGrade = GRADES.map((g) => [g, results.filter((r) => r.grade === g).map((r) => r.name)] as const).filter(
      ([, names]) => names.length > 0,
    );
    const doc = await issueDocument(tx, {
      kind: 'circular',
      campaignId: p.campaignId,
      agency: null,
      addressee: { kind: 'jurisdiction', id: campaign.jurisdiction.id, name: '各执法单位' },
      matters: [{ subject: { kind: 'campaign', id: p.campaignId }, step: 'assessment_results', name: '评议考核结果' }],
      title: `关于${campaign.name}评议考核结果的通报`,
      body: [
        `根据专项整治评议考核细则，经评议、公示和异议处理，${campaign.name}评议考核结果已经确定，现通报如下：`,
        ...byGrade.map(([grade, names]) => `${grade}（${names.length}个）：${names.join('、')}。`),
        '评议考核结果作为有关机关奖励、惩处以及干部任免的重要依据。各执法单位要对照考核结果查找差距，巩固整改成果。',
        DOCUMENT_KINDS.circular.closing,
      ],
      dedupeKey: `assessment-results:${p.campaignId}`,
      at: new Date(p.at),
    });
    await tx`update assessments set circular_number = ${doc.number}, circular_issued_at = ${p.at}
             where campaign_id = ${p.campaignId}`;
    return { number: doc.number };
  });
}
