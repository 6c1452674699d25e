import type { DeliverableState } from '../../domain/contract';
import { DUE_SOON_DAYS, type QueueItem } from '../../domain/queue';
import { DELIVERABLES } from '../../domain/template';
import { agenciesOnDesk, type QueueSource } from './source';

const DAY_MS = 86_400_000;

/**
 * The agency's: deliverables not submitted whose deadline lies within DUE_SOON_DAYS or has passed (a returned one
 * waits under `returned` instead), and ledger items it still rectifies due as soon; the nearest deadline first.
 */
export const dueSoon: QueueSource = async (sql, p, f, limit, nowMs) => {
  const horizon = new Date(nowMs + DUE_SOON_DAYS * DAY_MS);
  const [agencies, items] = await Promise.all([
    sql<{ campaign_id: string; id: string; name: string; state: { deliverables: DeliverableState[] } | null }[]>`
      select a.campaign_id, a.id, a.name, a.state from agencies a, campaigns c
      where ${agenciesOnDesk(sql, p, f)} and a.next_deadline_at <= ${horizon}`,
    sql<{ id: string; campaign_id: string; agency_id: string; name: string; description: string; due_at: Date }[]>`
      select i.id, i.campaign_id, i.agency_id, a.name, i.description, i.due_at
      from ledger_items i, agencies a, campaigns c
      where a.campaign_id = i.campaign_id and a.id = i.agency_id and ${agenciesOnDesk(sql, p, f)}
        and i.status in ('open', 'rectifying') and i.due_at <= ${horizon}`,
  ]);
  const all: QueueItem[] = [
    ...agencies.flatMap((a) =>
      (a.state?.deliverables ?? [])
        .filter((d) => !d.metAt && !d.returns?.length && Date.parse(d.dueAt) <= horizon.getTime())
        .map((d) => ({
          kind: 'due_soon' as const,
          campaignId: a.campaign_id,
          agencyId: a.id,
          agencyName: a.name,
          subject: { kind: 'deliverable', id: d.code },
          title: `《${DELIVERABLES[d.code].zh}》${Date.parse(d.dueAt) <= nowMs ? '已逾期，请尽快报送' : '即将到期'}`,
          since: d.armedAt ?? d.dueAt,
          dueAt: d.dueAt,
        })),
    ),
    ...items.map((i) => ({
      kind: 'due_soon' as const,
      campaignId: i.campaign_id,
      agencyId: i.agency_id,
      agencyName: i.name,
      subject: { kind: 'item', id: i.id },
      title: `整改：${i.description}`,
      since: i.due_at.toISOString(),
      dueAt: i.due_at.toISOString(),
    })),
  ].sort((x, y) => Date.parse(x.dueAt!) - Date.parse(y.dueAt!));
  return { total: all.length, items: all.slice(0, limit) };
};
