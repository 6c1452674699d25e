import { DateTime } from 'luxon';
import type { Sql } from 'postgres';
import type { CampaignSettings, Jurisdiction } from '../../domain/campaign';
import type { SubjectKind } from '../../domain/contract';
import { isDocumentStep, type NoticeData } from '../../domain/documents';
import { describeSubject, formatDeadline } from '../../domain/notifications/templates';

/** A numbered event with what its document needs, and whose it is (for the caller's access check). */
export interface NoticeSource {
  eventId: string;
  campaignId: string;
  agencyId: string;
  data: NoticeData;
}

interface EventRow {
  id: string;
  campaign_id: string;
  agency_id: string;
  subject_kind: SubjectKind;
  subject_id: string;
  deadline: Date;
  step: string;
  occurred_at: Date;
  notice_number: string | null;
  jurisdiction: Jurisdiction;
  settings: CampaignSettings;
  agency_name: string | null;
  item_description: string | null;
}

/**
 * The document an event issued, from the event's row as it stands: its step says which document, its number and
 * instant are the document's. Null when the event issued none (a reminder, the overdue mark) or does not exist.
 */
export async function noticeOfEvent(sql: Sql, eventId: string): Promise<NoticeSource | null> {
  const [e] = await sql<EventRow[]>`
    select e.id, e.campaign_id, e.agency_id, e.subject_kind, e.subject_id, e.deadline, e.step, e.occurred_at, e.notice_number,
           c.jurisdiction, c.settings, a.name as agency_name, i.description as item_description
    from deadline_events e
    join campaigns c on c.id = e.campaign_id
    left join agencies a on a.campaign_id = e.campaign_id and a.id = e.agency_id
    left join ledger_items i on e.subject_kind = 'item' and i.id = e.subject_id
    where e.id = ${eventId}`;
  if (!e || !isDocumentStep(e.step)) return null;
  const tz = e.settings.calendar.timeZone;
  const city = e.jurisdiction.name;
  const agency = e.agency_name ?? e.agency_id;
  const matter =
    e.subject_kind === 'item' && e.item_description
      ? `问题整改事项（${e.item_description}）`
      : describeSubject({ kind: e.subject_kind, id: e.subject_id }, 'zh');
  return {
    eventId: e.id,
    campaignId: e.campaign_id,
    agencyId: e.agency_id,
    data: {
      kind: e.step,
      issuer: `${city}司法局`,
      number: e.notice_number,
      addressee: e.step === 'discipline_referral' ? `${city}纪委监委` : agency,
      agency,
      matter,
      deadline: formatDeadline(e.deadline.toISOString(), tz, 'zh'),
      date: DateTime.fromJSDate(e.occurred_at, { zone: tz }).toFormat('yyyy年M月d日'),
      issuedAt: e.occurred_at.toISOString(),
    },
  };
}
