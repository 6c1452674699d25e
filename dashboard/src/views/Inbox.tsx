import { useEffect, useState } from 'react';
import { api, ApiError, qs, type PageOf } from '../api';
import { LoadError, Loading, Section, Updated } from '../components';
import { fmtDate, fmtDateTime } from '../format';
import { usePoll } from '../hooks';
import { fill, useI18n } from '../i18n';
import { Link } from '../router';
import type { CampaignListItem } from '../types';
import { PrintEventButton } from './PrintNotice';
import { FilterSelect } from './FilterSelect';

/** A message of the in-app inbox (GET /v1/inbox): a reminder or escalation sent to the agency or the bureau. */
interface InboxMessage {
  id: string;
  campaignId: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
  eventId: string | null;
  step: string;
  noticeNumber: string | null;
  agencyId: string | null;
  agencyName: string | null;
}
type InboxPage = PageOf<InboxMessage> & { unread: number };

/** How often the header's unread count is asked again. */
const UNREAD_POLL_MS = 15_000;

/** Told when the inbox page marks messages read, so the header's count follows at once rather than at its next poll. */
const READ_EVENT = 'rc:inbox-read';

/** The header's link to the inbox, with the number of unread messages. */
export function InboxLink() {
  const { t } = useI18n();
  const count = usePoll(() => api.get<InboxPage>('/v1/inbox?limit=1&unread=true'), [], UNREAD_POLL_MS);
  const { reload } = count;
  useEffect(() => {
    window.addEventListener(READ_EVENT, reload);
    return () => window.removeEventListener(READ_EVENT, reload);
  }, [reload]);
  const n = count.data?.unread ?? 0;
  return (
    <Link to="/inbox" data-testid="nav-inbox">
      {t.inbox.title}
      {n > 0 ? (
        <span className="badge" data-testid="inbox-unread" title={fill(t.inbox.unreadCount, { n })}>
          {n}
        </span>
      ) : null}
    </Link>
  );
}

/** A dashboard path of a message's link (the link is absolute when the public URL is configured). */
const dashboardPath = (link: string | null) => (link ? new URL(link, location.origin).pathname : null);

/** The kinds of message the inbox filters by: reminders, escalations step by step, returns. */
const KINDS = ['reminder', 'overdue', 'supervision_notice', 'listed_supervision', 'discipline_referral', 'return'];

/**
 * The inbox page: the numbered notices and reminders that reached the signed-in agency or bureau, newest first,
 * grouped by day, filtered by campaign, agency, kind and unread; "mark all read" marks what the filter keeps.
 */
export function Inbox() {
  const { t, lang } = useI18n();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [campaignId, setCampaignId] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [kind, setKind] = useState('');
  const [pages, setPages] = useState(1);
  const [error, setError] = useState<ApiError>();
  const filter = { campaignId: campaignId || undefined, agencyId: agencyId || undefined, kind: kind || undefined };
  const list = usePoll(
    () =>
      api.get<InboxPage>(`/v1/inbox${qs({ limit: 50 * pages, unread: unreadOnly ? 'true' : undefined, ...filter })}`),
    [unreadOnly, pages, campaignId, agencyId, kind],
  );
  const [agencies, setAgencies] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    // the agencies seen so far, for the filter: a filtered page keeps the others choosable
    const seen = (list.data?.items ?? []).filter((m) => m.agencyId && m.agencyName);
    if (seen.some((m) => !agencies.has(m.agencyId!)))
      setAgencies(new Map([...agencies, ...seen.map((m) => [m.agencyId!, m.agencyName!] as const)]));
  }, [list.data, agencies]);
  const markAllRead = async () => {
    try {
      await api.post('/v1/inbox/read', filter);
      setError(undefined);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    }
    list.reload();
    window.dispatchEvent(new Event(READ_EVENT));
  };
  // Each message's time in its campaign's zone.
  const campaigns = usePoll(() => api.get<PageOf<CampaignListItem>>('/v1/campaigns?limit=500'), [], 60_000);
  const byId = new Map((campaigns.data?.items ?? []).map((c) => [c.id, c]));
  const markRead = async (ids: string[]) => {
    try {
      // one at a time: each is its own small write, and marking again is harmless
      for (const id of ids) await api.post(`/v1/inbox/${encodeURIComponent(id)}/read`, {});
      setError(undefined);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    }
    list.reload();
    window.dispatchEvent(new Event(READ_EVENT));
  };
  const unreadShown = (list.data?.items ?? []).filter((m) => !m.readAt).map((m) => m.id);
  const tzOf = (m: InboxMessage) => byId.get(m.campaignId)?.timeZone ?? 'Asia/Shanghai';
  const days = new Map<string, InboxMessage[]>();
  for (const m of list.data?.items ?? []) {
    const day = fmtDate(m.createdAt, lang, tzOf(m));
    days.set(day, [...(days.get(day) ?? []), m]);
  }
  return (
    <Section
      title={
        <>
          {t.inbox.title}
          {list.data ? (
            <span className="muted small" data-testid="inbox-unread-total">
              {' '}
              {fill(t.inbox.unreadCount, { n: list.data.unread })}
            </span>
          ) : null}
        </>
      }
      actions={<Updated at={list.updatedAt} />}
      testId="inbox"
    >
      <div className="filters">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => (setUnreadOnly(e.target.checked), setPages(1))}
            data-testid="inbox-unread-only"
          />
          {t.inbox.unreadOnly}
        </label>
        <FilterSelect
          label={t.campaigns}
          value={campaignId}
          onChange={(v) => (setCampaignId(v), setPages(1))}
          options={(campaigns.data?.items ?? []).map((c) => [c.id, c.name] as const)}
          testId="inbox-campaign"
        />
        <FilterSelect
          label={t.agency}
          value={agencyId}
          onChange={(v) => (setAgencyId(v), setPages(1))}
          options={[...agencies]}
          testId="inbox-agency"
        />
        <FilterSelect
          label={t.type}
          value={kind}
          onChange={(v) => (setKind(v), setPages(1))}
          options={KINDS.map(
            (k) =>
              [
                k,
                k === 'reminder' ? t.eventTypes.reminder : k === 'return' ? t.returnDeliverable : (t.steps_[k] ?? k),
              ] as const,
          )}
          testId="inbox-kind"
        />
        <button
          type="button"
          disabled={unreadShown.length === 0}
          onClick={() => void markAllRead()}
          data-testid="inbox-mark-all"
        >
          {t.inbox.markAllRead}
        </button>
      </div>
      <LoadError error={list.error ?? error} />
      {!list.data && list.loading ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? <p className="muted">{t.inbox.empty}</p> : null}
      {[...days].map(([day, messages]) => (
        <div key={day} data-testid="inbox-day">
          <h3 className="inbox-day">{day}</h3>
          <ul className="inbox-list">
            {messages.map((m) => {
              const campaign = byId.get(m.campaignId);
              const to = dashboardPath(m.link);
              return (
                <li
                  key={m.id}
                  className={m.readAt ? 'inbox-message read' : 'inbox-message unread'}
                  data-testid={`inbox-message-${m.id}`}
                  data-read={m.readAt ? 'true' : 'false'}
                  data-step={m.step}
                >
                  <div className="inbox-head">
                    <strong>{m.title}</strong>
                    <span className="muted small nowrap">
                      {fmtDateTime(m.createdAt, lang, campaign?.timeZone ?? 'Asia/Shanghai')}
                    </span>
                  </div>
                  <pre className="inbox-body">
                    {m.body
                      .split('\n')
                      .filter((line) => !/^(查看|View)：?:?/.test(line))
                      .join('\n')}
                  </pre>
                  <div className="buttons">
                    {to ? (
                      <Link to={to} data-testid="inbox-open" onClick={() => !m.readAt && void markRead([m.id])}>
                        {t.inbox.openSubject}
                      </Link>
                    ) : null}
                    {m.eventId ? <PrintEventButton eventId={m.eventId} step={m.step} number={m.noticeNumber} /> : null}
                    {m.readAt ? (
                      <span className="muted small">{t.inbox.read}</span>
                    ) : (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => void markRead([m.id])}
                        data-testid="inbox-mark-read"
                      >
                        {t.inbox.markRead}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      {list.data?.nextCursor ? (
        <button type="button" onClick={() => setPages((p) => p + 1)} data-testid="inbox-more">
          {t.loadMore}
        </button>
      ) : null}
    </Section>
  );
}
