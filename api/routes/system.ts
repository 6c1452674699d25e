import { z } from 'zod';
import { Id } from '../../domain/campaign';
import { AUDIT_VISIBILITY_RULE, AuditItem, listAudit } from '../audit';
import { ApiKeyView, CreateKeySchema, ROLES, createApiKey, listApiKeys, revokeApiKey } from '../keys';
import { assertMayGrant } from '../people/grants';
import { route, type ApiDeps } from '../route';
import { Page, PageQuery } from '../schemas';

const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  temporal: z.enum(['ok', 'unavailable']),
  postgres: z.enum(['ok', 'unavailable']),
  worker: z.enum(['ok', 'unavailable']),
});

/**
 * A worker counts as there when it polled the task queue lately. A long poll lasts about a minute, and Temporal keeps
 * the time a poll began, so a working worker's latest poll can be that old; 90 s leaves room for a loaded machine.
 */
const WORKER_POLLED_WITHIN_S = 90;
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

async function workerPolls(deps: ApiDeps): Promise<void> {
  const { pollers } = await deps.client.workflowService.describeTaskQueue({
    namespace: deps.config.TEMPORAL_NAMESPACE,
    taskQueue: { name: deps.config.TEMPORAL_TASK_QUEUE, kind: TASK_QUEUE_KIND_NORMAL },
    taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
  });
  const now = Date.now() / 1000;
  if (
    !(pollers ?? []).some(
      (p) => p.lastAccessTime?.seconds != null && now - Number(p.lastAccessTime.seconds) < WORKER_POLLED_WITHIN_S,
    )
  ) {
    throw new Error('no worker polls the task queue');
  }
}

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const systemRoutes = [
  route({
    method: 'get',
    path: '/healthz',
    tag: 'system',
    summary:
      '200 when Temporal and Postgres answer, 503 naming the one that does not; `worker` says whether a worker polled the ' +
      'task queue in the last 90 s (reported, not part of the status: the API serves reads without one)',
    access: 'public',
    response: { status: 200, description: 'both answer', schema: Health },
    errors: [503],
    async handler({ deps }) {
      const answers = (work: Promise<unknown>) =>
        within(2000, work).then(
          () => 'ok' as const,
          () => 'unavailable' as const,
        );
      const [postgres, temporal, worker] = await Promise.all([
        answers(deps.sql`select 1`),
        answers(deps.client.workflowService.getSystemInfo({})),
        answers(workerPolls(deps)),
      ]);
      const ok = postgres === 'ok' && temporal === 'ok';
      return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'unavailable', temporal, postgres, worker } };
    },
  }),

  route({
    method: 'post',
    path: '/v1/api-keys',
    tag: 'access',
    summary:
      'Create an API key; the token is shown once and only its hash is kept. A bureau key needs jurisdictionId, an agency key ' +
      'agencyId; a discipline key may carry jurisdictionId (it then sees the referrals of that subtree). An Idempotency-Key ' +
      'replay answers with the id only: the token is never stored. A bureau makes keys for its own subtree only (never an admin key).',
    access: ['admin', 'bureau'],
    body: CreateKeySchema,
    secretFields: ['token'],
    response: { status: 201, description: 'the new key', schema: z.object({ id: z.string(), token: z.string() }) },
    async handler({ body, principal, deps }) {
      await assertMayGrant(deps.sql, principal, body);
      return { status: 201, body: await createApiKey(deps.sql, body) };
    },
  }),

  route({
    method: 'get',
    path: '/v1/api-keys',
    tag: 'access',
    summary:
      'API keys, newest first, without their hashes; filters role and revoked. A bureau sees those of its subtree.',
    access: ['admin', 'bureau'],
    query: PageQuery.extend({
      role: z.enum(ROLES).optional(),
      revoked: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    }),
    response: { status: 200, description: 'a page of keys', schema: Page(ApiKeyView) },
    async handler({ query, principal, deps }) {
      return { body: await listApiKeys(deps.sql, { ...query, managedBy: principal }) };
    },
  }),

  route({
    method: 'post',
    path: '/v1/api-keys/:id/revoke',
    tag: 'access',
    summary:
      "Revoke an API key: its token answers 401 'this key has been revoked' from then on; revoking twice is a 409. A bureau revokes those of its subtree.",
    access: ['admin', 'bureau'],
    params: z.strictObject({ id: Id }),
    response: { status: 200, description: 'the revoked key', schema: ApiKeyView },
    errors: [409],
    async handler({ params, principal, deps }) {
      return { body: await revokeApiKey(deps.sql, params.id, principal) };
    },
  }),

  route({
    method: 'get',
    path: '/v1/audit',
    tag: 'access',
    summary: `The audit trail of writes (POST/PUT/DELETE), newest first; filters since, keyId, outcome. ${AUDIT_VISIBILITY_RULE}`,
    access: ['admin', 'bureau'],
    query: PageQuery.extend({
      since: z.iso.datetime({ offset: true }).optional(),
      keyId: z.string().max(64).optional(),
      outcome: z.enum(['ok', 'refused', 'error']).optional(),
    }),
    response: { status: 200, description: 'a page of audit entries', schema: Page(AuditItem) },
    async handler({ query, principal, deps }) {
      return { body: await listAudit(deps.sql, principal, query) };
    },
  }),
];
