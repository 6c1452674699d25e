import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { RouteDef } from './route';
import { ErrorBody } from './schemas';

const ERROR_TEXT: Record<number, string> = {
  400: 'invalid request (zod issues in details)',
  401: 'missing, unknown or revoked key',
  403: 'this role may not do that',
  404: 'not found, or not in the caller\'s scope',
  409: 'the current state does not allow it',
  413: 'body too large',
  422: 'well-formed but against the campaign\'s rules',
  429: 'too many requests',
  503: 'a backing service is unavailable',
};

const openapiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

/** The OpenAPI 3 document, generated from the same route table and zod schemas that validate requests. */
export function openApiDocument(routes: readonly RouteDef[]) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  for (const r of routes) {
    const statuses = new Set([400, ...(r.access === 'public' ? [] : [401, 403, 404]), ...(r.errors ?? []), 503]);
    registry.registerPath({
      method: r.method,
      path: openapiPath(r.path),
      summary: r.summary,
      tags: [r.tag],
      description: r.access === 'public' ? 'No key needed.' : `Roles: ${r.access.join(', ')}.`,
      security: r.access === 'public' ? [] : [{ [bearer.name]: [] }],
      request: {
        ...(r.params ? { params: r.params as z.ZodObject } : {}),
        ...(r.query ? { query: r.query as z.ZodObject } : {}),
        ...(r.body ? { body: { content: { 'application/json': { schema: r.body } } } } : {}),
      },
      responses: {
        [r.response.status]: {
          description: r.response.description,
          ...(r.response.schema ? { content: { [r.response.contentType ?? 'application/json']: { schema: r.response.schema } } } : {}),
        },
        ...Object.fromEntries(
          [...statuses].map((s) => [s, { description: ERROR_TEXT[s] ?? 'error', content: { 'application/json': { schema: ErrorBody } } }]),
        ),
      },
    });
  }
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: { title: 'Rectification campaigns API', version: '1', description: 'Campaigns against inaction, slow action and arbitrary action (不作为、慢作为、乱作为专项整治).' },
  });
}
