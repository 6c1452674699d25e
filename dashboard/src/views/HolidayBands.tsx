import { api } from '../api';
import { usePoll } from '../hooks';
import { useI18n } from '../i18n';
import type { CalendarDay, CalendarView } from '../types';
import { OFFICIAL_YEARS } from '../../../domain/policy/officialCalendar';

const DAY = 86_400_000;
/** GET /v1/calendar lists at most 400 days; a longer campaign shows no bands rather than a wrong subset. */
const MAX_DAYS = 400;

/** The official holidays within a campaign's span, for the phase timeline (none for a span the calendar cannot list). */
export function useHolidays(calendar: CalendarView): CalendarDay[] {
  const from = localDate(Math.min(...calendar.phases.map((p) => Date.parse(p.startsAt))), calendar.timeZone);
  const to = localDate(Date.parse(calendar.closesAt), calendar.timeZone);
  const long = (Date.parse(to) - Date.parse(from)) / DAY >= MAX_DAYS;
  // a year the official arrangement lacks (the API answers it 422): not asked for, the timeline has no holidays then
  const unknownYear = [Number(from.slice(0, 4)), Number(to.slice(0, 4))].some((y) => !OFFICIAL_YEARS.has(y));
  const days = usePoll(
    () =>
      long || unknownYear
        ? Promise.resolve([])
        : api
            .get<{ days: CalendarDay[] }>(`/v1/calendar?from=${from}&to=${to}`)
            .then((r) => r.days)
            .catch(() => []),
    [from, to, unknownYear],
    3600_000,
  );
  return (days.data ?? []).filter((d) => d.kind === 'holiday');
}

function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** One shaded band per holiday, the day's whole width, named on hover. */
export function HolidayBands({
  days,
  x,
  y1,
  y2,
  timeZone,
}: {
  days: CalendarDay[];
  x: (ms: number) => number;
  y1: number;
  y2: number;
  timeZone: string;
}) {
  const { t } = useI18n();
  // the day as the campaign's time zone has it: midnight there, by the zone's offset on that day
  const startOf = (date: string) => Date.parse(`${date}T00:00:00${offsetOf(date, timeZone)}`);
  return (
    <g data-testid="timeline-holidays" aria-label={t.holidaysOnTimeline}>
      {days.map((d) => {
        const x1 = x(startOf(d.date));
        const x2 = x(startOf(d.date) + DAY);
        return (
          <rect
            key={d.date}
            x={x1}
            y={y1}
            width={Math.max(1, x2 - x1)}
            height={y2 - y1}
            className="tl-holiday"
            data-testid="timeline-holiday"
            data-date={d.date}
          >
            <title>{`${d.date} ${d.name ?? t.holidaysOnTimeline}`}</title>
          </rect>
        );
      })}
    </g>
  );
}

function offsetOf(date: string, timeZone: string): string {
  const part =
    new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(Date.parse(`${date}T12:00:00Z`))
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = part.replace('GMT', '');
  return offset === '' ? 'Z' : offset;
}
