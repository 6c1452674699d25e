import { useI18n, type Lang } from '../i18n';
import type { CalendarDay, CalendarView } from '../types';
import { HolidayBands } from './HolidayBands';
import { labelRows, textWidth } from './labelRows';

/** Labels on a time axis: dates for a months-long campaign, clock times for a compressed one. */
function axisFormat(lang: Lang, timeZone: string, spanMs: number) {
  const f = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone,
    ...(spanMs > 3 * 86_400_000
      ? { month: '2-digit', day: '2-digit' }
      : { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
  });
  return (ms: number) => f.format(ms);
}

const PHASE_COLORS: Record<string, string> = {
  deployment: '#5c6bc0',
  self_inspection: '#26a69a',
  consolidation: '#ffa726',
  spot_check: '#8d6e63',
};

/** The four phases as bars (deployment and self-inspection overlap), the deadlines D1–D8 as ticks, and "now". */
export function PhaseTimeline({
  calendar,
  now,
  holidays = [],
}: {
  calendar: CalendarView;
  now: number;
  holidays?: CalendarDay[];
}) {
  const { t, lang } = useI18n();
  const W = 900;
  const left = 110;
  const right = 20;
  const lane = 26;
  const starts = calendar.phases.map((p) => Date.parse(p.startsAt));
  const from = Math.min(...starts);
  const to = Date.parse(calendar.closesAt);
  const span = Math.max(1, to - from);
  const x = (ms: number) => left + ((Math.min(Math.max(ms, from), to) - from) / span) * (W - left - right);
  const fmt = axisFormat(lang, calendar.timeZone, span);
  const deadlines = Object.entries(calendar.deadlines).sort(([, a], [, b]) => Date.parse(a) - Date.parse(b));
  // Deadlines at the same instant share one tick and one label.
  const ticks = new Map<number, string[]>();
  for (const [code, at] of deadlines) ticks.set(Date.parse(at), [...(ticks.get(Date.parse(at)) ?? []), code]);
  // Labels of nearby deadlines go on further lines above the bars rather than on top of each other (labelRows.ts).
  const texts = [...ticks].map(([ms, codes]) => ({
    ms,
    codes,
    text: codes.length > 3 ? `${codes[0]}–${codes[codes.length - 1]}` : codes.join(' '),
  }));
  const rows = labelRows(texts.map((l) => ({ x: x(l.ms), width: textWidth(l.text, 11), anchor: 'middle' as const })));
  const labelled = texts.map((l, i) => ({ ...l, row: rows[i] }));
  const top = 22 + 13 * Math.max(1, ...rows.map((r) => r + 1));
  const bottom = top + lane * calendar.phases.length;
  // below the bars: the close, then the axis's two ends, then "now" on a line of its own (it may sit at either end)
  const axisY = bottom + 34;
  const H = axisY + 20;
  const nowX = x(now);
  const nowInside = now >= from && now <= to;
  return (
    <svg className="timeline" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t.timeline} data-testid="phase-timeline">
      <HolidayBands days={holidays} x={x} y1={top - 4} y2={bottom} timeZone={calendar.timeZone} />
      {calendar.phases.map((p, i) => {
        const y = top + i * lane;
        const x1 = x(Date.parse(p.startsAt));
        const x2 = x(Date.parse(p.endsAt));
        const active = now >= Date.parse(p.startsAt) && now < Date.parse(p.endsAt);
        return (
          <g key={p.key}>
            <text x={left - 8} y={y + 15} textAnchor="end" className="tl-label" data-testid="timeline-label">
              {t.phases[p.key] ?? p.key}
            </text>
            <rect
              x={x1}
              y={y + 2}
              width={Math.max(2, x2 - x1)}
              height={lane - 8}
              rx={4}
              fill={PHASE_COLORS[p.key] ?? '#999'}
              opacity={active ? 1 : 0.45}
            />
          </g>
        );
      })}
      {labelled.map(({ ms, codes, row, text }) => (
        <g key={ms}>
          <line x1={x(ms)} x2={x(ms)} y1={top - 6 - row * 13} y2={bottom} className="tl-tick" />
          <text x={x(ms)} y={top - 10 - row * 13} textAnchor="middle" className="tl-code" data-testid="timeline-label">
            <title>{codes.map((c) => `${c} ${fmt(Date.parse(calendar.deadlines[c]))}`).join('\n')}</title>
            {text}
          </text>
        </g>
      ))}
      <line x1={x(to)} x2={x(to)} y1={top - 6} y2={bottom} className="tl-close" />
      <text x={x(to)} y={bottom + 14} textAnchor="end" className="tl-code" data-testid="timeline-label">
        {t.closesAt}
      </text>
      <text x={left} y={axisY} className="tl-axis" data-testid="timeline-label">
        {fmt(from)}
      </text>
      <text x={W - right} y={axisY} textAnchor="end" className="tl-axis" data-testid="timeline-label">
        {fmt(to)}
      </text>
      <g data-testid="timeline-now" data-inside={nowInside ? 'true' : 'false'}>
        <line x1={nowX} x2={nowX} y1={top - 4} y2={H - 14} className="tl-now" />
        <text
          x={nowX}
          y={H - 2}
          textAnchor={nowX > W - 140 ? 'end' : nowX < left + 100 ? 'start' : 'middle'}
          className="tl-now-label"
          data-testid="timeline-label"
        >
          {t.now} {fmt(now)}
        </text>
      </g>
    </svg>
  );
}

/** Ledger items opened vs closed over time, both cumulative, as two step lines. */
export function OpenedClosedChart({
  opened,
  closed,
  now,
  timeZone,
}: {
  opened: number[];
  closed: number[];
  now: number;
  timeZone: string;
}) {
  const { t, lang } = useI18n();
  const W = 600;
  const H = 220;
  const pad = { l: 40, r: 16, t: 14, b: 40 };
  if (opened.length === 0) return <p className="muted">{t.none}</p>;
  const from = Math.min(...opened);
  const to = Math.max(now, ...opened, ...closed);
  const span = Math.max(1, to - from);
  const max = opened.length;
  const x = (ms: number) => pad.l + ((ms - from) / span) * (W - pad.l - pad.r);
  const y = (n: number) => H - pad.b - (n / max) * (H - pad.t - pad.b);
  const steps = (times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    let d = `M ${x(from)} ${y(0)}`;
    sorted.forEach((ms, i) => {
      d += ` H ${x(ms)} V ${y(i + 1)}`;
    });
    return `${d} H ${x(to)}`;
  };
  const fmt = axisFormat(lang, timeZone, span);
  const yTicks = [...new Set([0, Math.round(max / 2), max])];
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t.itemsOverTime} data-testid="items-chart">
      {yTicks.map((n) => (
        <g key={n}>
          <line x1={pad.l} x2={W - pad.r} y1={y(n)} y2={y(n)} className="grid" />
          <text x={pad.l - 6} y={y(n) + 4} textAnchor="end" className="axis">
            {n}
          </text>
        </g>
      ))}
      <path d={steps(opened)} className="line-opened" fill="none" />
      <path d={steps(closed)} className="line-closed" fill="none" />
      <text x={pad.l} y={H - pad.b + 16} className="axis">
        {fmt(from)}
      </text>
      <text x={W - pad.r} y={H - pad.b + 16} textAnchor="end" className="axis">
        {fmt(to)}
      </text>
      <g transform={`translate(${pad.l}, ${H - 8})`}>
        <rect width={12} height={4} y={-4} className="swatch-opened" />
        <text x={16} className="axis">
          {t.opened} {opened.length}
        </text>
        <rect x={180} width={12} height={4} y={-4} className="swatch-closed" />
        <text x={196} className="axis">
          {t.closedCum} {closed.length}
        </text>
      </g>
    </svg>
  );
}

/** A horizontal bar of parts (e.g. agencies by light). */
export function StackedBar({
  parts,
  testId,
}: {
  parts: { key: string; value: number; className: string; label: string }[];
  testId?: string;
}) {
  const total = parts.reduce((s, p) => s + p.value, 0);
  return (
    <div className="stacked" data-testid={testId}>
      <div className="stacked-bar">
        {parts.map((p) =>
          p.value > 0 ? (
            <div
              key={p.key}
              className={`stacked-part ${p.className}`}
              style={{ width: `${(100 * p.value) / Math.max(1, total)}%` }}
              title={`${p.label}: ${p.value}`}
            />
          ) : null,
        )}
      </div>
      <div className="stacked-legend">
        {parts.map((p) => (
          <span
            key={p.key}
            className="legend-item"
            data-testid={testId ? `${testId}-${p.key}` : undefined}
            data-value={p.value}
          >
            <span className={`legend-swatch ${p.className}`} />
            {p.label} <strong>{p.value}</strong>
          </span>
        ))}
      </div>
    </div>
  );
}
