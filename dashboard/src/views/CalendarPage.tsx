import type { Calendar } from '../../../domain/campaign';
import { api, type Me } from '../api';
import { LoadError, Loading, Section } from '../components';
import { usePoll } from '../hooks';
import { useI18n } from '../i18n';
import type { AgencyDetail } from '../types';
import type { CampaignContext } from './CampaignFrame';
import { plannedDeliverables } from './CampaignPreview';
import { DeadlineCalendar, entriesOf } from './DeadlineCalendar';

/**
 * The campaign's deadlines on a calendar. A bureau sees the plan's deadlines and the steps each agency's ladder plans
 * before it reports; an agency sees its own: its due dates (moved ones included), what it has met, the steps taken.
 */
export function CalendarPage({ campaign, me }: { campaign: CampaignContext; me: Me }) {
  const { t } = useI18n();
  const own = me.role === 'agency' && me.agencyId ? me.agencyId : null;
  const agency = usePoll(
    () =>
      own
        ? api.get<AgencyDetail>(`/v1/campaigns/${encodeURIComponent(campaign.id)}/agencies/${encodeURIComponent(own)}`)
        : Promise.resolve(null),
    [campaign.id, own],
  );
  const summary = campaign.summary?.data;
  const entries = own
    ? agency.data?.deliverables
      ? entriesOf(agency.data.deliverables)
      : null
    : summary
      ? entriesOf(plannedDeliverables(summary.calendar as Calendar, summary.policy))
      : null;
  return (
    <Section title={t.deadlineCalendar.title} testId="calendar-page">
      <LoadError error={agency.error ?? campaign.summary?.error} />
      {entries ? <DeadlineCalendar entries={entries} tz={campaign.timeZone} /> : <Loading />}
    </Section>
  );
}
