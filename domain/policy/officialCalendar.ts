/**
 * China's official holidays and make-up working days (调休), as the State Council's yearly notice
 * (国务院办公厅关于××年部分节假日安排的通知) fixes them, from the `chinese-days` library's machine-readable data.
 *
 * Only its JSON is taken, not its functions: they parse dates with the host's clock and time zone, and this module is
 * bundled into the workflows, where a day must mean the same on every worker. A new year's arrangement arrives with
 * an update of the dependency; until then a campaign's policy can list that year's days itself (policy.ts).
 */
import official from 'chinese-days/dist/chinese-days.json';

/** One day off by the arrangement, or one weekend day worked in lieu of it. */
export interface OfficialDay {
  kind: 'holiday' | 'makeup_workday';
  /** The festival it belongs to, in Chinese (春节, 国庆节, …). */
  name: string;
}

/** The library writes each day as "English name,中文名,days"; the Chinese name is the one users read. */
const nameOf = (entry: string) => entry.split(',')[1] ?? entry;

const DAYS: ReadonlyMap<string, OfficialDay> = new Map<string, OfficialDay>([
  ...Object.entries(official.holidays).map(([date, entry]): [string, OfficialDay] => [
    date,
    { kind: 'holiday', name: nameOf(entry) },
  ]),
  ...Object.entries(official.workdays).map(([date, entry]): [string, OfficialDay] => [
    date,
    { kind: 'makeup_workday', name: nameOf(entry) },
  ]),
]);

/** The years the bundled arrangement covers: every year with a day in it. */
export const OFFICIAL_YEARS: ReadonlySet<number> = new Set([...DAYS.keys()].map((date) => Number(date.slice(0, 4))));

/** The arranged holiday or make-up day on an ISO date (YYYY-MM-DD), if any. */
export function officialDay(isoDate: string): OfficialDay | undefined {
  return DAYS.get(isoDate);
}
