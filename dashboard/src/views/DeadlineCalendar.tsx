import { useState } from 'react';
import { DateTime } from 'luxon';
import { StepTag, Table } from '../components';
import { fmtDateTime } from '../format';
import { deliverableLabel, useI18n } from '../i18n';
import type { DeliverableView } from '../types';

/** One thing on a day: a deliverable's deadline or a step its ladder plans. */
export interface CalendarEntry {
  at: string;
  code: string;
  kind: 'deadline' | 'reminder' | 'escalation';
  /** the step's name (P3D, supervision_notice …) for reminders and escalations */
  step?: string;
  /** met (a deadline) or taken (a step) */
  done: boolean;
}

/** Every deadline of the deliverables and every step their ladders plan, in time order. */
export function entriesOf(deliverables: readonly DeliverableView[]): CalendarEntry[] {
  return deliverables
    .flatMap((d): CalendarEntry[] => [
      { at: d.dueAt, code: d.code, kind: 'deadline', done: d.metAt !== null },
      ...(d.plannedSteps ?? []).map((s) => ({
        at: s.at,
        code: d.code,
        kind: s.type === 'reminder' ? ('reminder' as const) : ('escalation' as const),
        step: s.step,
        done: Boolean(s.takenAt),
      })),
    ])
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * The deadline calendar (期限日历): a month at a time, each day with its deadlines, reminders and escalations, or the
 * same as a list; days are the campaign's time zone's. Opens on the month of the next thing ahead.
 */
export function DeadlineCalendar({ entries, tz }: { entries: readonly CalendarEntry[]; tz: string }) {
  const { t, lang } = useI18n();
  const c = t.deadlineCalendar;
  const [view, setView] = useState<'month' | 'list'>('month');
  const ahead = entries.find((e) => Date.parse(e.at) >= Date.now()) ?? entries.at(-1);
  const [month, setMonth] = useState(() =>
    (ahead ? DateTime.fromISO(ahead.at, { zone: tz }) : DateTime.now().setZone(tz)).startOf('month'),
  );
  const dayOf = (e: CalendarEntry) => DateTime.fromISO(e.at, { zone: tz }).toISODate()!;
  const byDay = new Map<string, CalendarEntry[]>();
  for (const e of entries) byDay.set(dayOf(e), [...(byDay.get(dayOf(e)) ?? []), e]);
  const today = DateTime.now().setZone(tz).toISODate();
  // Monday-first weeks covering the month
  const first = month.startOf('week');
  const weeks = Math.ceil(month.endOf('month').diff(first, 'days').days / 7);
  const days = Array.from({ length: weeks * 7 }, (_, i) => first.plus({ days: i }));

  return (
    <div className="deadline-calendar" data-testid="deadline-calendar">
      <div className="buttons">
        <button
          type="button"
          className={view === 'month' ? 'primary' : ''}
          onClick={() => setView('month')}
          data-testid="calendar-month-view"
        >
          {c.month}
        </button>
        <button
          type="button"
          className={view === 'list' ? 'primary' : ''}
          onClick={() => setView('list')}
          data-testid="calendar-list-view"
        >
          {c.list}
        </button>
      </div>
      {view === 'month' ? (
        <>
          <div className="calendar-nav">
            <button type="button" onClick={() => setMonth(month.minus({ months: 1 }))} data-testid="calendar-prev">
              {c.previous}
            </button>
            <strong data-testid="calendar-month">
              {month.setLocale(lang === 'zh' ? 'zh-CN' : 'en').toFormat(c.monthFormat)}
            </strong>
            <button type="button" onClick={() => setMonth(month.plus({ months: 1 }))} data-testid="calendar-next">
              {c.next}
            </button>
          </div>
          <div className="month-grid" data-testid="calendar-grid">
            {c.weekdays.split(',').map((w) => (
              <div key={w} className="weekday">
                {w}
              </div>
            ))}
            {days.map((d) => {
              const iso = d.toISODate()!;
              const here = byDay.get(iso) ?? [];
              const cls = ['day', d.month !== month.month ? 'other-month' : '', iso === today ? 'today' : '']
                .filter(Boolean)
                .join(' ');
              return (
                <div key={iso} className={cls} data-testid="calendar-day" data-date={iso} data-count={here.length}>
                  <span className="day-number">{d.day}</span>
                  {here.map((e, i) => (
                    <div
                      key={i}
                      className={`entry entry-${e.kind}${e.done ? ' done' : ''}`}
                      data-testid="calendar-entry"
                    >
                      <EntryText e={e} />
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </>
      ) : (
        <Table columns={[c.when, t.type, t.deliverable]} variant="compact" testId="calendar-list">
          {entries.map((e, i) => (
            <tr key={i} className={e.done ? 'muted' : ''} data-testid="calendar-list-row">
              <td className="nowrap">{fmtDateTime(e.at, lang, tz)}</td>
              <td>
                <EntryText e={e} />
              </td>
              <td>
                {e.code} {deliverableLabel(lang, e.code)}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}

function EntryText({ e }: { e: CalendarEntry }) {
  const { t } = useI18n();
  const c = t.deadlineCalendar;
  if (e.kind === 'deadline')
    return (
      <span>
        {e.code} {c.due}
        {e.done ? ` · ${c.met}` : ''}
      </span>
    );
  return (
    <span>
      {e.code} <StepTag type={e.kind} step={e.step ?? ''} />
    </span>
  );
}
