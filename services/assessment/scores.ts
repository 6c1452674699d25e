import type { Sql, TransactionSql } from 'postgres';
import type { CampaignSettings } from '../../domain/campaign';
import { rubricOf, type Grade, type Rubric } from '../../domain/assessment/rubric';
import { rankWithin, scoreAgency, type Adjustment, type Deduction } from '../../domain/assessment/score';
import { assessmentEvents, ledgerCounts } from './events';

/** One agency's row of the assessment: its score explained, its level (市直 or its county) and rank within it. */
export interface AssessmentRow {
  agencyId: string;
  agencyName: string;
  jurisdictionId: string;
  jurisdictionName: string;
  /** the level it is ranked within: the campaign's root (市直 departments) or the county its jurisdiction lies in */
  levelId: string;
  levelName: string;
  score: number;
  grade: Grade;
  vetoed: boolean;
  rank: number;
  rate: number | null;
  problemsFound: number;
  rectified: number;
  overdue: number;
  deductions: Deduction[];
  adjustments: (Adjustment & { honour?: string | null })[];
}

interface AgencyFacts {
  id: string;
  name: string;
  jurisdiction_id: string;
  jurisdiction_name: string;
  level_id: string;
  level_name: string;
  root: boolean;
}

/** The level name of the root's own agencies: the city's departments (市直部门). */
export const ROOT_LEVEL_ZH = '市直部门';

/**
 * Every agency's score as the recorded events give it at `asOf`, ranked within its level. The same computation the
 * live view shows is what the final freezes.
 */
export async function computeRows(
  sql: Sql | TransactionSql,
  campaignId: string,
  asOf: string,
): Promise<AssessmentRow[]> {
  const [[campaign], agencies, events, ledgers, adjustments, objections] = await Promise.all([
    sql<{ settings: CampaignSettings }[]>`select settings from campaigns where id = ${campaignId}`,
    sql<AgencyFacts[]>`
      select a.id, a.name, a.jurisdiction_id, j.name as jurisdiction_name,
             coalesce(j.path[2], j.path[1]) as level_id, coalesce(l.name, j.name) as level_name,
             array_length(j.path, 1) = 1 as root
      from agencies a
      join jurisdictions j on j.campaign_id = a.campaign_id and j.id = a.jurisdiction_id
      left join jurisdictions l on l.campaign_id = a.campaign_id and l.id = j.path[2]
      where a.campaign_id = ${campaignId} order by a.id`,
    assessmentEvents(sql, campaignId),
    ledgerCounts(sql, campaignId),
    sql<
      {
        id: string;
        agency_id: string;
        kind: 'bonus' | 'correction';
        honour: string | null;
        points: string;
        reason: string;
        file_id: string | null;
        created_at: Date;
      }[]
    >`
      select id, agency_id, kind, honour, points::text, reason, file_id, created_at from assessment_adjustments
      where campaign_id = ${campaignId} and kind <> 'veto' order by created_at, id`,
    sql<{ id: string; agency_id: string; points: string; reason: string; file_id: string | null; decided_at: Date }[]>`
      select id, agency_id, points::text, reason, file_id, decided_at from assessment_objections
      where campaign_id = ${campaignId} and decision = 'accept' order by decided_at, id`,
  ]);
  const rubric: Rubric = rubricOf(campaign.settings);
  const asOfMs = Date.parse(asOf);
  const adjustmentsOf = (agencyId: string) => [
    ...adjustments
      .filter((a) => a.agency_id === agencyId)
      .map((a) => ({
        id: a.id,
        kind: a.kind,
        honour: a.honour,
        points: Number(a.points),
        reason: a.reason,
        fileId: a.file_id,
        at: a.created_at.toISOString(),
      })),
    ...objections
      .filter((o) => o.agency_id === agencyId)
      .map((o) => ({
        id: o.id,
        kind: 'objection' as const,
        points: Number(o.points),
        reason: o.reason,
        fileId: o.file_id,
        at: o.decided_at.toISOString(),
      })),
  ];
  const rows = agencies.map((a) => {
    const ledger = ledgers.get(a.id) ?? { found: 0, rectified: 0, overdue: 0 };
    const own = events.filter((e) => e.agencyId === a.id && Date.parse(e.at) <= asOfMs);
    const adj = adjustmentsOf(a.id);
    const s = scoreAgency(rubric, own, ledger, adj, asOf);
    return {
      agencyId: a.id,
      agencyName: a.name,
      jurisdictionId: a.jurisdiction_id,
      jurisdictionName: a.jurisdiction_name,
      levelId: a.level_id,
      levelName: a.root ? ROOT_LEVEL_ZH : a.level_name,
      score: s.score,
      grade: s.grade,
      vetoed: s.vetoed,
      rate: s.rate,
      problemsFound: ledger.found,
      rectified: ledger.rectified,
      overdue: ledger.overdue,
      deductions: s.deductions,
      adjustments: adj,
    };
  });
  // 市直 first, then the counties by name
  const levels = [...new Set(rows.map((r) => r.levelId))].sort((x, y) => {
    const name = (id: string) => rows.find((r) => r.levelId === id)!.levelName;
    return (
      Number(name(y) === ROOT_LEVEL_ZH) - Number(name(x) === ROOT_LEVEL_ZH) || name(x).localeCompare(name(y), 'zh')
    );
  });
  return levels.flatMap((level) => rankWithin(rows.filter((r) => r.levelId === level)));
}
