import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { IDEMPOTENCY_HEADER } from './idempotency';
import { DEFAULT_BODY_LIMIT, type RouteDef } from './route';
import { ErrorBody } from './schemas';

const ERROR_TEXT: Record<number, string> = {
  400: 'invalid request (zod issues in details)',
  401: 'missing, unknown or revoked key',
  403: 'this role may not do that',
  404: "not found, or not in the caller's scope",
  409: 'the current state does not allow it, or a request under the same Idempotency-Key is still running',
  413: 'body too large',
  422: "well-formed but against the campaign's rules, or an Idempotency-Key reused with a different request",
  429: 'too many requests',
  503: 'a backing service is unavailable',
};

const IdempotencyHeaders = z.object({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe(
      'Repeating a write with the same key and the same request returns the first response (header Idempotent-Replayed: true) and changes nothing',
    ),
});

const openapiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

/** The OpenAPI 3 document, generated from the same route table and zod schemas that validate requests. */
export function openApiDocument(routes: readonly RouteDef[]) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  for (const r of routes) {
    const write = r.method !== 'get';
    // writes: 409 idempotency_in_progress, 422 Idempotency-Key reused with another request, 413 body over the limit
    const statuses = new Set([
      400,
      ...(r.access === 'public' ? [] : [401, 403, 404]),
      // credentials sent to a public route staff may call are checked: an unknown or revoked key is a 401
      ...(r.staffMayCall ? [401] : []),
      ...(write ? [409, 413, 422] : []),
      ...(r.errors ?? []),
      503,
    ]);
    const success = r.response.schema
      ? { content: { [r.response.contentType ?? 'application/json']: { schema: r.response.schema } } }
      : {};
    const who = r.access === 'public' ? 'No key needed.' : `Roles: ${r.access.join(', ')}.`;
    registry.registerPath({
      method: r.method,
      path: openapiPath(r.path),
      summary: r.summary,
      tags: [r.tag],
      description: write
        ? `${who} Body limit ${r.bodyLimit ?? DEFAULT_BODY_LIMIT}. Accepts ${IDEMPOTENCY_HEADER}.`
        : who,
      security: r.access === 'public' ? [] : [{ [bearer.name]: [] }],
      request: {
        ...(r.params ? { params: r.params as z.ZodObject } : {}),
        ...(r.query ? { query: r.query as z.ZodObject } : {}),
        ...(write ? { headers: IdempotencyHeaders } : {}),
        ...(r.body ? { body: { content: { 'application/json': { schema: r.body } } } } : {}),
      },
      responses: {
        [r.response.status]: { description: r.response.description, ...success },
        ...(r.response.created ? { 201: { description: r.response.created, ...success } } : {}),
        ...Object.fromEntries(
          [...statuses].map((s) => [
            s,
            { description: ERROR_TEXT[s] ?? 'error', content: { 'application/json': { schema: ErrorBody } } },
          ]),
        ),
      },
    });
  }
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'Rectification campaigns API',
      version: '1',
      description: 'Campaigns against inaction, slow action and arbitrary action (不作为、慢作为、乱作为专项整治).',
    },
  });
}
