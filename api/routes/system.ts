import { z } from 'zod';
import { Id } from '../../domain/campaign';
import { newToken, hashToken } from '../auth';
import { badRequest } from '../errors';
import { route } from '../route';

const Health = z.object({ status: z.enum(['ok', 'unavailable']), temporal: z.enum(['ok', 'unavailable']), postgres: z.enum(['ok', 'unavailable']) });

const CreateKey = z
  .strictObject({
    role: z.enum(['admin', 'bureau', 'agency', 'discipline']),
    jurisdictionId: Id.optional(),
    agencyId: Id.optional(),
    label: z.string().min(1).max(200),
  })
  .superRefine((k, ctx) => {
    if (k.role === 'bureau' && !k.jurisdictionId) ctx.addIssue({ code: 'custom', path: ['jurisdictionId'], message: 'a bureau key needs its jurisdiction' });
    if (k.role === 'agency' && !k.agencyId) ctx.addIssue({ code: 'custom', path: ['agencyId'], message: 'an agency key needs its agency' });
  });

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export const systemRoutes = [
  route({
    method: 'get',
    path: '/healthz',
    tag: 'system',
    summary: '200 when Temporal and Postgres answer, 503 naming the one that does not',
    access: 'public',
    response: { status: 200, description: 'both answer', schema: Health },
    errors: [503],
    async handler({ deps }) {
      const [postgres, temporal] = await Promise.all([
        within(2000, deps.sql`select 1`).then(() => 'ok' as const, () => 'unavailable' as const),
        within(2000, deps.client.workflowService.getSystemInfo({})).then(() => 'ok' as const, () => 'unavailable' as const),
      ]);
      const ok = postgres === 'ok' && temporal === 'ok';
      return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'unavailable', temporal, postgres } };
    },
  }),

  route({
    method: 'post',
    path: '/v1/api-keys',
    tag: 'system',
    summary: 'Create an API key; the token is shown once and only its hash is kept',
    access: ['admin'],
    body: CreateKey,
    response: { status: 201, description: 'the new key', schema: z.object({ id: z.string(), token: z.string() }) },
    async handler({ body, deps }) {
      if (body.role !== 'bureau' && body.jurisdictionId) throw badRequest('only bureau keys carry a jurisdiction');
      if (body.role !== 'agency' && body.agencyId) throw badRequest('only agency keys carry an agency');
      const { id, token } = newToken();
      await deps.sql`
        insert into api_keys (id, token_hash, role, jurisdiction_id, agency_id, label)
        values (${id}, ${hashToken(token)}, ${body.role}, ${body.jurisdictionId ?? null}, ${body.agencyId ?? null}, ${body.label})`;
      return { status: 201, body: { id, token } };
    },
  }),
];
