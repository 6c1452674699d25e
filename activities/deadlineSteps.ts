import { DateTime } from 'luxon';
import type { TransactionSql } from 'postgres';
import type { ActivityDeps } from './deps';
import type { DeadlineStepRecord, RecordedStep } from './types';
import type { CampaignSettings } from '../domain/campaign';

/** Steps that issue a numbered document: the supervision notice (督办通知) and listed supervision (挂牌督办). */
const NUMBERED_STEPS = new Set(['supervision_notice', 'listed_supervision']);

/** Who must hear of a step (SPEC §8): reminders go to the responsible party, escalations up the chain. */
function audienceOf(rec: DeadlineStepRecord): string[] {
  if (rec.type === 'reminder') return rec.subject.kind === 'complaint' ? ['investigating_bureau'] : ['agency_contact'];
  switch (rec.step) {
    case 'overdue':
      return ['agency_head', 'supervising_bureau'];
    case 'listed_supervision':
      return ['agency_head', 'supervising_bureau', 'government'];
    case 'discipline_referral':
      return ['discipline_commission', 'supervising_bureau'];
    default:
      return ['agency_head', 'supervising_bureau'];
  }
}

export function deadlineStepActivities({ sql }: ActivityDeps) {
  return {
    /**
     * Records one reminder or escalation and queues its notification, both in one transaction; the outbox relay
     * (services/outboxRelay.ts) starts the notification's workflow. The unique key on (campaign, agency, subject,
     * deadline, step) makes a retry or a rerun return the first record unchanged.
     */
    async recordDeadlineStep(rec: DeadlineStepRecord): Promise<RecordedStep> {
      return sql.begin(async (tx) => {
        const inserted = await tx<{ id: string; occurred_at: Date }[]>`
          insert into deadline_events (campaign_id, agency_id, subject_kind, subject_id, deadline, type, step, scheduled_for)
          values (${rec.campaignId}, ${rec.agencyId}, ${rec.subject.kind}, ${rec.subject.id}, ${rec.deadline},
                  ${rec.type}, ${rec.step}, ${rec.scheduledFor})
          on conflict do nothing
          returning id, occurred_at`;
        if (inserted.length === 0) {
          const [first] = await tx<{ occurred_at: Date; notice_number: string | null }[]>`
            select occurred_at, notice_number from deadline_events
            where campaign_id = ${rec.campaignId} and agency_id = ${rec.agencyId} and subject_kind = ${rec.subject.kind}
              and subject_id = ${rec.subject.id} and deadline = ${rec.deadline} and step = ${rec.step}`;
          return { occurredAt: first.occurred_at.toISOString(), noticeNumber: first.notice_number };
        }
        const event = inserted[0];
        const noticeNumber = NUMBERED_STEPS.has(rec.step) ? await nextNoticeNumber(tx, rec.campaignId, event.occurred_at) : null;
        if (noticeNumber) await tx`update deadline_events set notice_number = ${noticeNumber} where id = ${event.id}`;
        await tx`
          insert into outbox (event_id, campaign_id, audience, payload)
          values (${event.id}, ${rec.campaignId}, ${tx.json(audienceOf(rec))}, ${tx.json({ ...rec, noticeNumber } as never)})`;
        return { occurredAt: event.occurred_at.toISOString(), noticeNumber };
      });
    },
  };
}

/** 督办通知 numbers run per campaign and year of issue in the campaign's time zone: 卫法督〔2020〕12号. */
async function nextNoticeNumber(tx: TransactionSql, campaignId: string, at: Date): Promise<string> {
  const [campaign] = await tx<{ settings: CampaignSettings }[]>`select settings from campaigns where id = ${campaignId}`;
  const year = DateTime.fromJSDate(at, { zone: campaign.settings.calendar.timeZone }).year;
  const [counter] = await tx<{ last_number: number }[]>`
    insert into notice_counters (campaign_id, year, last_number) values (${campaignId}, ${year}, 1)
    on conflict (campaign_id, year) do update set last_number = notice_counters.last_number + 1
    returning last_number`;
  return `${campaign.settings.policy.noticePrefix}〔${year}〕${counter.last_number}号`;
}
