import { DEFAULT_POLICY, DELIVERABLE_CODES } from '../../../domain/template';
import type { Calendar, Policy } from '../../../domain/campaign';
import { plannedSteps } from '../../../domain/policy/ladder';
import { Table } from '../components';
import { fmtDateTime } from '../format';
import { deliverableLabel, fill, useI18n } from '../i18n';
import { UnknownCalendarYear } from '../../../domain/policy/durations';
import type { DeliverableView } from '../types';
import { HolidayTimeline } from './HolidayTimeline';
import { PlannedSteps } from './PlannedSteps';
import type { PolicyDraft } from './PolicyFields';

/**
 * The plan's deliverables of a calendar, each with the steps its ladder plans under `policy` (the plan's default ladder
 * where `policy` leaves a field out), as an agency that joined at the start would have them. Throws
 * UnknownCalendarYear when a ladder counts working days in a year nobody has the holidays of.
 */
export function plannedDeliverables(calendar: Calendar, policy: object): DeliverableView[] {
  const full = { ...(structuredClone(DEFAULT_POLICY) as unknown as Policy), ...policy } as Policy;
  return DELIVERABLE_CODES.map((code) => {
    const d = {
      code,
      subject: { kind: 'deliverable', id: code },
      dueAt: calendar.deadlines[code],
      armedAt: calendar.phases[0].startsAt,
      metAt: null,
      late: false,
      listed: false,
      light: 'green',
      taken: [],
      moves: [],
    };
    return { ...d, plannedSteps: plannedSteps(d as Parameters<typeof plannedSteps>[0], full, calendar.timeZone) };
  });
}

/**
 * What a campaign will look like before it is created: its phases with the official holidays (GET /v1/calendar), the
 * deadlines, and every reminder and escalation the ladder plans — by the same pure functions the API answers with.
 */
export function CampaignPreview({ calendar, policy }: { calendar: Calendar; policy: PolicyDraft }) {
  const { t, lang } = useI18n();
  const tz = calendar.timeZone;
  let deliverables: DeliverableView[] = [];
  let problem: string | null = null;
  try {
    deliverables = plannedDeliverables(calendar, policy);
  } catch (err) {
    problem =
      err instanceof UnknownCalendarYear
        ? fill(t.campaignForm.yearUnknown, { years: String(err.year) })
        : (err as Error).message;
  }
  return (
    <fieldset data-testid="campaign-preview">
      <legend>{t.campaignForm.preview}</legend>
      <HolidayTimeline calendar={calendar} now={Date.now()} />
      <Table columns={[t.deliverable, t.dueAt]} variant="compact" testId="preview-deadlines">
        {DELIVERABLE_CODES.map((code) => (
          <tr key={code} data-testid="preview-deadline" data-code={code}>
            <td>
              {code} {deliverableLabel(lang, code)}
            </td>
            <td className="nowrap">{fmtDateTime(calendar.deadlines[code], lang, tz)}</td>
          </tr>
        ))}
      </Table>
      <h4>{t.campaignForm.plannedSteps}</h4>
      {problem ? (
        <p className="error">{problem}</p>
      ) : (
        <PlannedSteps deliverables={deliverables} tz={tz} dayKind={policy.dayKind} />
      )}
    </fieldset>
  );
}
