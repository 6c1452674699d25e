/**
 * Laying a definition into the year it runs in (SPEC §11, API.md "Campaign years and calendars"): the year it is
 * given or the default one, then the refusals a definition meets on arrival — already closed, deadlines already past,
 * a ladder reaching a year whose holiday arrangement nobody knows. Pure: the caller says what time it is.
 */
import { DateTime } from 'luxon';
import { settingsOf, type CampaignDefinition, type CampaignSettings } from './campaign';
import { DELIVERABLE_CODES, defaultCampaignYear } from './template';
import { shiftInstant, UnknownCalendarYear } from './policy/durations';
import { dayCalendar, deadlineSchedule } from './policy/schedule';

export interface DefinitionRefusal {
  code: 'campaign_closed_on_arrival' | 'deadlines_in_past' | 'calendar_year_unknown';
  /** For the user, in Chinese. */
  message: string;
  details: unknown[];
}

type Settled =
  { settings: CampaignSettings; refusal?: undefined } | { refusal: DefinitionRefusal; settings?: undefined };

const localDay = (iso: string, timeZone: string) => DateTime.fromISO(iso, { zone: timeZone }).toISODate();

export function settleDefinition(
  def: Pick<CampaignDefinition, 'year' | 'calendar' | 'policy' | 'assessment' | 'allowPastDeadlines' | 'drill'>,
  nowMs: number,
): Settled {
  const settings = settingsOf(def, def.calendar ? undefined : (def.year ?? defaultCampaignYear(nowMs)));
  const { calendar } = settings;
  const tz = calendar.timeZone;
  if (Date.parse(calendar.closesAt) <= nowMs) {
    return {
      refusal: {
        code: 'campaign_closed_on_arrival',
        message: `该专项整治的结束时间（${localDay(calendar.closesAt, tz)}）已过，创建后即已结束：请选择今年或明年（year），或修改日程`,
        details: [{ path: ['calendar', 'closesAt'], closesAt: calendar.closesAt }],
      },
    };
  }
  const past = DELIVERABLE_CODES.filter((code) => Date.parse(calendar.deadlines[code]) <= nowMs);
  if (past.length > 0 && !def.allowPastDeadlines) {
    return {
      refusal: {
        code: 'deadlines_in_past',
        message: `以下报送期限已过：${past.map((c) => `${c}（${localDay(calendar.deadlines[c], tz)}）`).join('、')}；如确需按已过期限开展，请设置 allowPastDeadlines: true`,
        details: past.map((code) => ({ path: ['calendar', 'deadlines', code], dueAt: calendar.deadlines[code] })),
      },
    };
  }
  const unknown = unknownYearOfLadders(settings, nowMs);
  if (unknown !== null) {
    return {
      refusal: {
        code: 'calendar_year_unknown',
        message: `按工作日计算需要 ${unknown} 年的节假日安排，但系统尚无该年数据：请更新日历数据，或在 policy 的 holidays / workdays 中列出 ${unknown} 年的放假和调休上班日期`,
        details: [{ path: ['policy', 'dayKind'], year: unknown }],
      },
    };
  }
  return { settings };
}

/**
 * The first year a deliverable's ladder would count working days in without knowing it, or null: its reminders,
 * escalations and warning span. (Items and complaints get their due dates as they arrive; the API refuses one whose
 * ladder reaches an unknown year then, api/errors.ts.)
 */
function unknownYearOfLadders({ calendar, policy }: CampaignSettings, nowMs: number): number | null {
  const tz = calendar.timeZone;
  const cal = dayCalendar(policy, tz);
  const armedMs = Math.max(nowMs, Date.parse(calendar.phases[0].startsAt));
  try {
    for (const code of DELIVERABLE_CODES) {
      const dueMs = Date.parse(calendar.deadlines[code]);
      deadlineSchedule(dueMs, armedMs, policy, tz);
      shiftInstant(dueMs, policy.warnWithin, -1, cal);
    }
    return null;
  } catch (err) {
    if (err instanceof UnknownCalendarYear) return err.year;
    throw err;
  }
}
