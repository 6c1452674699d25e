import { useState } from 'react';
import { DateTime } from 'luxon';
import { qs } from '../api';
import { LoadError, Section, StepTag, Table } from '../components';
import { fmtDateTime, stepLabel } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { subjectText } from '../subjects';
import type { DeadlineEvent } from '../types';
import type { CampaignContext } from './CampaignFrame';
import { ListActions, Pager, usePagedList } from './ListTools';
import { PrintEventButton } from './PrintNotice';

const PAGE = 25;

/** The start of a calendar day (yyyy-mm-dd from a date input) in the campaign's zone, as an instant with offset. */
const dayStart = (day: string, timeZone: string, plusDays = 0) =>
  day
    ? DateTime.fromISO(day, { zone: timeZone }).plus({ days: plusDays }).toISO({ suppressMilliseconds: true })
    : undefined;

/**
 * The escalation feed (提醒与督办动态): filtered by type, step, agency and the days it happened on (in the campaign's
 * zone, both ends included), read a page at a time from the server, exported whole as CSV by the server.
 */
export function EventsFeed({
  campaign,
  agencies,
}: {
  campaign: CampaignContext;
  agencies: { id: string; name: string }[];
}) {
  const { t, lang } = useI18n();
  const [type, setType] = useState('');
  const [step, setStep] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const tz = campaign.timeZone;
  const policy = campaign.summary?.data?.policy;
  const steps = [...(policy?.escalation ?? []).map((e) => e.action), ...(policy?.reminders ?? [])];
  const base = `/v1/campaigns/${encodeURIComponent(campaign.id)}`;
  const query = qs({ type, step, agencyId, since: dayStart(since, tz), until: dayStart(until, tz, 1) });
  const { list, pager } = usePagedList<DeadlineEvent>(`${base}/events`, query, PAGE);

  return (
    <Section
      title={t.escalationsFeed}
      actions={
        <ListActions
          server={`${base}/events.csv${query}`}
          filename={`提醒与升级-${campaign.id}.csv`}
          testId="events-csv"
          updatedAt={list.updatedAt}
        />
      }
      testId="events-feed"
    >
      <div className="filters">
        <label>
          {t.filterType}
          <select value={type} onChange={(e) => setType(e.target.value)} data-testid="events-filter-type">
            <option value="">{t.all}</option>
            {['reminder', 'escalation'].map((k) => (
              <option key={k} value={k}>
                {t.eventTypes[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.filterStep}
          <select value={step} onChange={(e) => setStep(e.target.value)} data-testid="events-filter-step">
            <option value="">{t.all}</option>
            {steps.map((s) => (
              <option key={s} value={s}>
                {stepLabel(t, lang, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.filterAgency}
          <select value={agencyId} onChange={(e) => setAgencyId(e.target.value)} data-testid="events-filter-agency">
            <option value="">{t.all}</option>
            {agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.filterSince}
          <input
            type="date"
            value={since}
            onChange={(e) => setSince(e.target.value)}
            data-testid="events-filter-since"
          />
        </label>
        <label>
          {t.filterUntil}
          <input
            type="date"
            value={until}
            onChange={(e) => setUntil(e.target.value)}
            data-testid="events-filter-until"
          />
        </label>
      </div>
      <LoadError error={list.error} />
      {list.data && list.data.items.length === 0 ? <p className="muted">{t.noEvents}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <EventTable events={list.data.items} timeZone={tz} campaignId={campaign.id} />
      ) : null}
      <Pager pager={pager} testId="events-pager" />
    </Section>
  );
}

export function EventTable({
  events,
  timeZone,
  campaignId,
}: {
  events: DeadlineEvent[];
  timeZone: string;
  campaignId: string;
}) {
  const { t, lang } = useI18n();
  const c = encodeURIComponent(campaignId);
  return (
    <Table
      columns={[t.occurredAt, t.type, t.agency, t.subject, t.dueAt, t.noticeNumber, null]}
      variant="compact"
      testId="events-table"
    >
      {events.map((e) => (
        <tr
          key={e.id}
          className={`event-${e.type} step-${e.step}`}
          data-testid="event-row"
          data-id={e.id}
          data-step={e.step}
          data-agency={e.agencyId ?? ''}
        >
          <td className="nowrap">{fmtDateTime(e.occurredAt, lang, timeZone)}</td>
          <td>
            <StepTag type={e.type} step={e.step} />
          </td>
          <td className="agency-name">
            {e.agencyId ? (
              <Link to={`/campaigns/${c}/agencies/${encodeURIComponent(e.agencyId)}`}>{e.agencyName ?? t.agency}</Link>
            ) : (
              '—'
            )}
          </td>
          <td>
            {e.subject.kind === 'item' ? (
              <>
                {t.subjectKinds.item}{' '}
                <Link to={`/campaigns/${c}/items/${encodeURIComponent(e.subject.id)}`}>{t.review}</Link>
              </>
            ) : (
              subjectText(t, lang, e.subject)
            )}
          </td>
          <td className="nowrap">{fmtDateTime(e.deadline, lang, timeZone)}</td>
          <td>{e.noticeNumber ?? ''}</td>
          <td>
            <PrintEventButton eventId={e.id} step={e.step} number={e.noticeNumber} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
