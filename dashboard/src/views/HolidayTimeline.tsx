import type { CalendarView } from '../types';
import { PhaseTimeline } from './charts';
import { useHolidays } from './HolidayBands';

/** The phase timeline with the official holidays of the campaign's span shaded in (GET /v1/calendar). */
export function HolidayTimeline({ calendar, now }: { calendar: CalendarView; now: number }) {
  return <PhaseTimeline calendar={calendar} now={now} holidays={useHolidays(calendar)} />;
}
