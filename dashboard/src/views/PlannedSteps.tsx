import { StepTag, Table } from '../components';
import { fmtDateTime } from '../format';
import { deliverableLabel, useI18n } from '../i18n';
import type { DeliverableView } from '../types';

/**
 * Every deliverable's ladder as the API plans it (plannedSteps): when each reminder and escalation fires, which have
 * fired. `dayKind` (known to a bureau from the campaign's policy) says which days the periods count.
 */
export function PlannedSteps({
  deliverables,
  tz,
  dayKind,
}: {
  deliverables: DeliverableView[];
  tz: string;
  dayKind?: string;
}) {
  const { t, lang } = useI18n();
  const rows = deliverables
    .flatMap((d) => (d.plannedSteps ?? []).map((s) => ({ ...s, code: d.code })))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <>
      {dayKind ? (
        <p className="muted" data-testid="day-kind" data-day-kind={dayKind}>
          {t.dayKinds[dayKind] ?? dayKind}
        </p>
      ) : null}
      <Table columns={[t.plannedAt, t.type, t.subject, t.takenAt]} variant="compact" testId="planned-steps">
        {rows.map((s) => (
          <tr
            key={`${s.code}-${s.step}`}
            data-testid="planned-step"
            data-step={s.step}
            data-taken={s.takenAt ? 'true' : 'false'}
          >
            <td className="nowrap">{fmtDateTime(s.at, lang, tz)}</td>
            <StepCells type={s.type} step={s.step} code={s.code} />
            <td className="nowrap">
              {s.takenAt ? fmtDateTime(s.takenAt, lang, tz) : <span className="muted">{t.pendingStep}</span>}
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

/** A step of a deliverable's ladder as two cells: the step, and the deliverable it belongs to. */
export function StepCells({ type, step, code }: { type: string; step: string; code: string }) {
  const { lang } = useI18n();
  return (
    <>
      <td>
        <StepTag type={type} step={step} />
      </td>
      <td>
        {code} {deliverableLabel(lang, code)}
      </td>
    </>
  );
}
