import { DateTime } from 'luxon';
import type { Lang } from './lang';

/** Every instant is shown in the campaign's time zone, whatever the browser's own. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Lang, timeZone: string, withTime: boolean, withSeconds: boolean) {
  const key = `${lang}|${timeZone}|${withTime}|${withSeconds}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime
        ? { hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' } : {}), hourCycle: 'h23' }
        : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

export function fmtDateTime(
  iso: string | null | undefined,
  lang: Lang,
  timeZone: string,
  o: { seconds?: boolean } = {},
): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return formatter(lang, timeZone, true, o.seconds ?? true).format(ms);
}

export function fmtDate(iso: string | null | undefined, lang: Lang, timeZone: string): string {
  if (!iso) return '—';
  const ms = Date.parse(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(ms)) return iso;
  return formatter(lang, iso.length === 10 ? 'UTC' : timeZone, false, false).format(ms);
}

/** Zones by their Chinese names; a zone not listed reads as its offset ("协调世界时+05:00"), never its IANA id. */
const ZONE_ZH: Record<string, string> = {
  'Asia/Shanghai': '北京时间',
  'Asia/Urumqi': '乌鲁木齐时间',
  'Asia/Hong_Kong': '香港时间',
  'Asia/Macau': '澳门时间',
  'Asia/Taipei': '台北时间',
};

/** A short zone label for headers and time inputs: "北京时间（+08:00）" in Chinese, "Asia/Shanghai (UTC+08:00)" in English. */
export function zoneLabel(timeZone: string, lang: Lang = 'en'): string {
  const offset = DateTime.now().setZone(timeZone).toFormat('ZZ');
  if (lang === 'zh') return ZONE_ZH[timeZone] ? `${ZONE_ZH[timeZone]}（${offset}）` : `协调世界时${offset}`;
  return `${timeZone} (UTC${offset})`;
}

/** "P3D" → "3天" / "3 d"; "PT4S" → "4秒" / "4 s". */
export function fmtDuration(iso: string, lang: Lang): string {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return iso;
  const units = lang === 'zh' ? ['周', '天', '小时', '分', '秒'] : [' w', ' d', ' h', ' min', ' s'];
  const parts = m
    .slice(1)
    .map((v, i) => (v && Number(v) !== 0 ? `${v}${units[i]}` : ''))
    .filter(Boolean);
  return parts.length ? parts.join(lang === 'zh' ? '' : ' ') : lang === 'zh' ? '0秒' : '0 s';
}

/** The name of a reminder or escalation step. */
export function stepLabel(
  t: { steps_: Record<string, string>; reminderBefore: string },
  lang: Lang,
  step: string,
): string {
  if (t.steps_[step]) return t.steps_[step];
  if (step.startsWith('P')) return t.reminderBefore.replace('{d}', fmtDuration(step, lang));
  return step;
}

/** A wall-clock time typed in the campaign's zone (datetime-local) as an ISO instant with offset. */
export function zonedInputToIso(value: string, timeZone: string): string | null {
  if (!value) return null;
  const dt = DateTime.fromISO(value, { zone: timeZone });
  return dt.isValid ? dt.toISO({ suppressMilliseconds: true }) : null;
}

/** An instant as the value of a datetime-local input in the campaign's zone. */
export function isoToZonedInput(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso).setZone(timeZone).toFormat("yyyy-MM-dd'T'HH:mm");
}

export const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);
