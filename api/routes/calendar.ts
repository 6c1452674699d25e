import { z } from 'zod';
import { LocalDate } from '../../domain/campaign';
import { calendarDays, MAX_CALENDAR_DAYS } from '../../domain/policy/calendarDays';
import { route } from '../route';

const CalendarQuery = z
  .strictObject({ from: LocalDate, to: LocalDate })
  .refine((q) => q.from <= q.to, { message: '"from" must not come after "to"', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_CALENDAR_DAYS, {
    message: `at most ${MAX_CALENDAR_DAYS} days at once`,
    path: ['to'],
  });

const CalendarDaySchema = z.object({
  date: z.string(),
  kind: z.enum(['workday', 'weekend', 'holiday', 'makeup_workday']),
  name: z.string().optional(),
});

export const calendarRoutes = [
  route({
    method: 'get',
    path: '/v1/calendar',
    tag: 'campaigns',
    summary:
      "China's official working days between two dates: weekends, holidays and make-up working days (调休) with their names",
    access: ['admin', 'bureau', 'agency', 'discipline'],
    query: CalendarQuery,
    response: {
      status: 200,
      description: 'every day of the span',
      schema: z.object({ days: z.array(CalendarDaySchema) }).meta({ id: 'CalendarDays' }),
    },
    // a year the bundled arrangement does not cover: 422 calendar_year_unknown naming it (api/errors.ts)
    errors: [422],
    async handler({ query }) {
      return { body: { days: calendarDays(query.from, query.to) } };
    },
  }),
];
