import { z } from 'zod';
import { DateTime } from 'luxon';
import { DELIVERABLES, DELIVERABLE_CODES, DEFAULT_POLICY, PHASE_KEYS, calendarInYear } from './template';
import { isIsoDuration } from './policy/durations';
import { HOURS_PATTERN, windowMinutes } from './policy/deliveryWindow';
import { ESCALATION_KINDS } from './stepKinds';
import { RubricSchema, type Rubric } from './assessment/rubric';

/** Ids appear in workflow ids and URLs: keep them to a safe alphabet. */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." and "-" only');
export const Instant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant with offset');
export const LocalDate = z.iso.date();
export const IsoDuration = z.string().max(40).refine(isIsoDuration, 'an ISO 8601 duration such as P3D or PT2S');
const TimeZone = z
  .string()
  .max(64)
  .refine((tz) => DateTime.local().setZone(tz).isValid, 'an IANA time zone');

export interface Jurisdiction {
  id: string;
  name: string;
  children?: Jurisdiction[];
}
/** City (市) → county/district (县区); agencies hang off any node. */
export const JurisdictionSchema: z.ZodType<Jurisdiction> = z
  .strictObject({
    id: Id,
    name: z.string().min(1).max(200),
    get children() {
      return z.array(JurisdictionSchema).max(500).optional();
    },
  })
  .meta({ id: 'Jurisdiction' });

export const ContactSchema = z.strictObject({
  name: z.string().min(1).max(100),
  post: z.string().max(100).optional(),
  phone: z.string().max(40).optional(),
  email: z.email().max(200).optional(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const AgencySchema = z.strictObject({
  id: Id,
  name: z.string().min(1).max(200),
  jurisdictionId: Id,
  contact: ContactSchema.optional(),
});
export type Agency = z.infer<typeof AgencySchema>;

export const PhaseWindowSchema = z.strictObject({ key: z.enum(PHASE_KEYS), startsAt: Instant, endsAt: Instant });

export const CalendarSchema = z.strictObject({
  timeZone: TimeZone,
  phases: z.array(PhaseWindowSchema).length(PHASE_KEYS.length),
  deadlines: z.strictObject(
    Object.fromEntries(DELIVERABLE_CODES.map((c) => [c, Instant])) as Record<keyof typeof DELIVERABLES, typeof Instant>,
  ),
  closesAt: Instant,
});
export type Calendar = z.infer<typeof CalendarSchema>;

/** The escalations a ladder may name: the escalation kinds of the step-kind table. */
export const ESCALATION_ACTIONS = ESCALATION_KINDS;
export type EscalationAction = (typeof ESCALATION_KINDS)[number];

const validWindow = (hours: string) => {
  try {
    windowMinutes(hours);
    return true;
  } catch {
    return false;
  }
};

export const PolicySchema = z.strictObject({
  dayKind: z.enum(['calendar', 'working']),
  holidays: z.array(LocalDate).max(400),
  workdays: z.array(LocalDate).max(400),
  reminders: z.array(IsoDuration).max(10),
  escalation: z
    .array(
      z.strictObject({
        after: IsoDuration,
        action: z.enum(ESCALATION_KINDS as [EscalationAction, ...EscalationAction[]]),
      }),
    )
    .min(1)
    .max(10),
  warnWithin: IsoDuration,
  itemDue: z.strictObject({ immediate: IsoDuration, disciplinary_lead: IsoDuration }),
  complaintInvestigation: IsoDuration,
  noticePrefix: z.string().min(1).max(20),
  receipt: IsoDuration,
  /** when messages are pushed to people (SPEC §16); absent: working days, 09:00–18:00 (policy/deliveryWindow.ts) */
  delivery: z
    .strictObject({
      days: z.enum(['working', 'all']),
      hours: z
        .string()
        .regex(HOURS_PATTERN, '"HH:MM-HH:MM", e.g. "09:00-18:00"')
        .refine(validWindow, 'closes after it opens'),
      immediate: z.array(z.string().max(40)).max(20).optional(),
    })
    .optional(),
});
export type Policy = z.infer<typeof PolicySchema>;

export const CampaignDefinitionSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    jurisdiction: JurisdictionSchema,
    agencies: z.array(AgencySchema).min(1).max(100_000),
    /** The year the plan's dates are laid into when `calendar` is omitted (domain/campaignYear.ts picks one if both are). */
    year: z.int().min(1900).max(2999).optional(),
    calendar: CalendarSchema.optional(),
    policy: PolicySchema.partial().optional(),
    /** The assessment rubric (SPEC §17); omitted, the default rubric applies (domain/assessment/rubric.ts). */
    assessment: RubricSchema.optional(),
    /** Deadlines already past at creation are refused unless this says they are meant (their ladders start at once). */
    allowPastDeadlines: z.boolean().optional(),
    /** A drill (演练): runs as any campaign, takes no public complaint, and its screens and documents say 演练. */
    drill: z.boolean().optional(),
  })
  .superRefine((def, ctx) => {
    for (const problem of definitionProblems(def)) ctx.addIssue({ code: 'custom', ...problem });
  });
export type CampaignDefinition = z.infer<typeof CampaignDefinitionSchema>;

/** What workflows carry: a definition with the template's defaults filled in. */
export interface CampaignSettings {
  calendar: Calendar;
  policy: Policy;
  /** The rubric the definition gave; absent: the default (rubricOf). */
  assessment?: Rubric;
  /** A drill (演练), kept in the settings so every reader of a campaign's row (screens, documents, routing) sees it. */
  drill?: true;
}

/** The settings of a definition: its own calendar, or the plan's laid into `year`. */
export function settingsOf(
  def: Pick<CampaignDefinition, 'calendar' | 'policy' | 'assessment'> & { drill?: boolean },
  year?: number,
): CampaignSettings {
  if (!def.calendar && year === undefined)
    throw new RangeError('a definition without a calendar needs the year to lay the plan into');
  return {
    calendar: def.calendar ?? calendarInYear(year!),
    policy: { ...(structuredClone(DEFAULT_POLICY) as unknown as Policy), ...def.policy },
    ...(def.assessment ? { assessment: def.assessment } : {}),
    ...(def.drill ? { drill: true as const } : {}),
  };
}

export function jurisdictionIds(root: Jurisdiction): string[] {
  return [root.id, ...(root.children ?? []).flatMap(jurisdictionIds)];
}

/** The rules a definition must keep beyond its shape; each problem names the path it is about. */
function definitionProblems(def: CampaignDefinition): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const jIds = jurisdictionIds(def.jurisdiction);
  const seenJ = new Set<string>();
  for (const id of jIds) {
    if (seenJ.has(id)) problems.push({ path: ['jurisdiction'], message: `jurisdiction id "${id}" appears twice` });
    seenJ.add(id);
  }
  const seenA = new Set<string>();
  def.agencies.forEach((a, i) => {
    if (seenA.has(a.id)) problems.push({ path: ['agencies', i, 'id'], message: `agency id "${a.id}" appears twice` });
    seenA.add(a.id);
    if (!seenJ.has(a.jurisdictionId)) {
      problems.push({ path: ['agencies', i, 'jurisdictionId'], message: `unknown jurisdiction "${a.jurisdictionId}"` });
    }
  });
  if (def.calendar && def.year !== undefined) {
    problems.push({
      path: ['year'],
      message: '"year" lays the plan\'s dates into a year; a definition with its own "calendar" takes no year',
    });
  }
  if (def.calendar)
    problems.push(...calendarProblems(def.calendar).map((p) => ({ ...p, path: ['calendar', ...p.path] })));
  return problems;
}

export function calendarProblems(cal: Calendar): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const ms = (s: string) => Date.parse(s);
  cal.phases.forEach((p, i) => {
    if (p.key !== PHASE_KEYS[i])
      problems.push({ path: ['phases', i, 'key'], message: `phase ${i + 1} must be "${PHASE_KEYS[i]}"` });
    if (ms(p.endsAt) <= ms(p.startsAt))
      problems.push({ path: ['phases', i], message: `phase "${p.key}" ends before it starts` });
    const prev = cal.phases[i - 1];
    if (prev && (ms(p.startsAt) < ms(prev.startsAt) || ms(p.endsAt) < ms(prev.endsAt))) {
      problems.push({
        path: ['phases', i],
        message: `phase "${p.key}" is out of order: it must not start or end before "${prev.key}"`,
      });
    }
  });
  for (const code of DELIVERABLE_CODES) {
    const window = cal.phases.find((p) => p.key === DELIVERABLES[code].phase);
    const due = ms(cal.deadlines[code]);
    if (window && (due < ms(window.startsAt) || due > ms(window.endsAt))) {
      problems.push({ path: ['deadlines', code], message: `deadline ${code} lies outside its phase "${window.key}"` });
    }
  }
  const last = cal.phases[cal.phases.length - 1];
  if (last && ms(cal.closesAt) < ms(last.endsAt))
    problems.push({ path: ['closesAt'], message: 'the campaign closes before its last phase ends' });
  return problems;
}

export { phaseAt, phaseBoundaries, phaseWindow, type CampaignPhase } from './phases';
