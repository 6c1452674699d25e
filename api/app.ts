import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import type { z } from 'zod';
import { recordAudit } from './audit';
import { authenticate, RevokedKeyError } from './auth';
import { answerTtl, scopeKey } from './caches';
import { mountDocs } from './docs';
import { errorBody, errorHandler, forbidden, HttpError, notFound, toHttpError } from './errors';
import {
  IDEMPOTENCY_HEADER,
  REPLAYED_HEADER,
  publicCaller,
  claimIdempotencyKey,
  completeIdempotencyKey,
  parseIdempotencyKey,
  releaseIdempotencyKey,
  requestHash,
  type StoredResponse,
} from './idempotency';
import { openApiDocument } from './openapi';
import { assertCsrfToken } from './people/csrf';
import { sessionSecretOf } from './people/sessions';
import type { Principal } from './principal';
import { DEFAULT_BODY_LIMIT, type ApiDeps, type RouteDef, type RouteResult } from './route';
import { systemRoutes } from './routes/system';
import { campaignRoutes } from './routes/campaigns';
import { agencyRoutes } from './routes/agencies';
import { eventRoutes } from './routes/events';
import { noticeRoutes } from './routes/notices';
import { itemRoutes } from './routes/items';
import { referralRoutes } from './routes/referrals';
import { complaintRoutes } from './routes/complaints';
import { rateLimiter } from './rateLimit';
import { assertUtf8Body, verifyUtf8 } from './utf8';
import { spotCheckRoutes } from './routes/spotChecks';
import { spotCheckFindingRoutes } from './routes/spotCheckFindings';
import { reportRoutes } from './routes/reports';
import { campaignListRoutes } from './routes/campaignList';
import { mountDashboard } from './dashboard';
import { ApiMetrics } from './metrics';
import { notificationRoutes } from './routes/notifications';
import { channelRoutes } from './routes/channels';
import { calendarRoutes } from './routes/calendar';
import { registryRoutes } from './routes/registry';
import { authRoutes } from './routes/auth';
import { oidcRoutes } from './routes/oidc';
import { userRoutes } from './routes/users';
import { fileRoutes } from './routes/files';
import { deliverableRoutes } from './routes/deliverables';
import { documentRoutes } from './routes/documents';
import { workbookRoutes } from './routes/workbooks';
import { ledgerFigureRoutes } from './routes/ledgerFigures';
import { queueRoutes } from './routes/queue';
import { assessmentRoutes } from './routes/assessment';
import { defaultFileSettings } from '../services/files/settings';

/** The route table: every route of the product, in one list the app, the document and the tests read. */
export const routes: readonly RouteDef[] = [
  ...systemRoutes,
  ...campaignRoutes,
  ...agencyRoutes,
  ...eventRoutes,
  ...itemRoutes,
  ...referralRoutes,
  ...complaintRoutes,
  ...spotCheckRoutes,
  ...spotCheckFindingRoutes,
  ...reportRoutes,
  ...campaignListRoutes,
  ...notificationRoutes,
  ...channelRoutes,
  ...calendarRoutes,
  ...registryRoutes,
  ...userRoutes,
  ...authRoutes,
  ...oidcRoutes,
  ...noticeRoutes,
  ...fileRoutes,
  ...deliverableRoutes,
  ...documentRoutes,
  ...workbookRoutes,
  ...ledgerFigureRoutes,
  ...queueRoutes,
  ...assessmentRoutes,
];

const MAX_DEPTH = 64;

/**
 * What no route takes, whatever its schema: NUL characters (no Postgres text or jsonb value can hold one) and JSON
 * nested deeper than MAX_DEPTH (no body of this API is; deeper ones only serve to exhaust the stack of whatever walks them).
 */
function inputProblem(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; message: string } | null {
  if (typeof value === 'string')
    return value.includes('\u0000') ? { path, message: 'NUL characters are not allowed' } : null;
  if (!value || typeof value !== 'object') return null;
  if (path.length >= MAX_DEPTH) return { path, message: `nested more than ${MAX_DEPTH} levels deep` };
  const isArray = Array.isArray(value);
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return { path: [...path, k], message: 'NUL characters are not allowed' };
    const found = inputProblem(v, [...path, isArray ? Number(k) : k]);
    if (found) return found;
  }
  return null;
}

function parse<S extends z.ZodType | undefined>(schema: S, value: unknown, where: string) {
  const problem = inputProblem(value);
  if (problem)
    throw new HttpError(400, 'invalid_request', `the ${where} is not valid`, [
      { code: 'custom', ...problem, in: where },
    ]);
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError(
      400,
      'invalid_request',
      `the ${where} is not valid`,
      result.error.issues.map((i) => ({ ...i, in: where })),
    );
  }
  return result.data;
}

const WRITES: ReadonlySet<RouteDef['method']> = new Set(['post', 'put', 'delete']);
const JSON_TYPES = ['application/json', 'application/*+json'];

/** One JSON parser per body limit, run by the mount after authentication: no one unauthenticated makes us read 20 MB. */
const parsers = new Map<string, RequestHandler>();
function jsonParser(limit: string): RequestHandler {
  let parser = parsers.get(limit);
  if (!parser) parsers.set(limit, (parser = express.json({ limit, type: JSON_TYPES, verify: verifyUtf8 })));
  return parser;
}
const run = (mw: RequestHandler, req: Request, res: Response) =>
  new Promise<void>((resolve, reject) => void mw(req, res, (err?: unknown) => (err ? reject(err) : resolve())));

/** Every route says who may call it; an empty list would be a route no one can call, so it is refused too. */
export function assertAccessDeclared(r: RouteDef): void {
  const ok = r.access === 'public' || (Array.isArray(r.access) && r.access.length > 0);
  if (!ok) throw new Error(`route ${r.method.toUpperCase()} ${r.path} declares no access`);
}

interface Outcome {
  status: number;
  response: StoredResponse;
  replayed: boolean;
  bytes?: RouteResult['bytes'];
  redirect?: string;
}

function withoutSecrets(response: StoredResponse, fields: readonly string[] | undefined): StoredResponse {
  if (!fields?.length || !response.body || typeof response.body !== 'object' || Array.isArray(response.body))
    return response;
  const body = { ...(response.body as Record<string, unknown>) };
  for (const f of fields) delete body[f];
  return { body };
}

function send(res: Response, o: Outcome): void {
  if (res.headersSent) return;
  if (o.replayed) res.set(REPLAYED_HEADER, 'true');
  if (o.redirect) return res.redirect(o.status, o.redirect);
  res.status(o.status);
  if (o.bytes) {
    res.attachment(o.bytes.filename); // RFC 5987 filename* for the Chinese name, an ASCII fallback beside it
    res.type(o.bytes.contentType); // after attachment(), which guesses a type from the name's extension
    res.send(o.bytes.content);
    return;
  }
  const { text } = o.response;
  if (text) {
    res.type(text.contentType);
    if (text.filename) res.attachment(text.filename);
    res.send(text.content);
  } else {
    res.json(o.response.body ?? {});
  }
}

/** A campaign read answered from memory when nothing in the campaign changed since (RouteDef.readCache). */
async function cachedRead(
  deps: ApiDeps,
  campaignId: string,
  key: string,
  ttlMs: number,
  answer: () => Promise<Outcome>,
): Promise<Outcome> {
  const cached = await deps.caches.responses.get(
    campaignId,
    key,
    async () => {
      const o = await answer();
      const text = o.response.text ?? { contentType: 'application/json', content: JSON.stringify(o.response.body) };
      return { value: { status: o.status, text }, keep: o.status === 200 };
    },
    ttlMs,
  );
  return { status: cached.status, response: { text: cached.text }, replayed: false };
}

/**
 * Read-your-writes in this process: a write's effects are in Postgres by the time it answers, and the change feed's
 * notice of them may still be on its way. A write inside a campaign forgets that campaign's reads; any other write
 * (a key revoked, an item acted on by its own id) forgets them all.
 */
function forgetAfterWrite({ caches }: ApiDeps, campaignId: string | null): void {
  if (campaignId) {
    caches.campaigns.invalidate(campaignId);
    caches.responses.invalidate(campaignId);
    return;
  }
  caches.keys.clear();
  caches.campaigns.clear();
  caches.responses.clear();
}

/**
 * The generic mount of one route, the one place where access is decided: authenticate → role → body (with the route's
 * limit) → zod → Idempotency-Key (writes) → handler → store the idempotent outcome → audit (writes) → respond.
 */
function mount(app: Express, r: RouteDef, deps: ApiDeps): void {
  assertAccessDeclared(r);
  const isWrite = WRITES.has(r.method);
  const parser = jsonParser(r.bodyLimit ?? DEFAULT_BODY_LIMIT);
  const limiter = r.rateLimit
    ? rateLimiter(
        deps.sql,
        `${deps.config.TEMPORAL_TASK_QUEUE} ${r.rateLimit.budget ? `budget ${r.rateLimit.budget}` : `${r.method} ${r.path}`}`,
        r.rateLimit,
      )
    : null;
  app[r.method](r.path, async (req: Request, res: Response) => {
    let who: { keyId: string | null; role: string | null; actorName: string | null } = {
      keyId: null,
      role: r.access === 'public' ? 'public' : null,
      actorName: null,
    };
    let idempotencyKey: string | null = null;
    let claimed: { keyId: string; key: string } | null = null;
    let outcome: Outcome;
    try {
      let principal: Principal | null = null;
      // staff calling a public route with their credentials are authenticated and audited, not counted per address
      const staffCall = Boolean(r.staffMayCall && (req.get('authorization') || sessionSecretOf(req)));
      if (limiter && !staffCall) await run(limiter, req, res);
      if (r.access !== 'public') {
        // what an authenticated answer shows (a complainant's contact, a report) stays out of every cache
        res.set('Cache-Control', 'no-store');
        principal = await authenticate(req, deps);
        who = { keyId: principal.keyId, role: principal.role, actorName: principal.name };
        if (!r.access.includes(principal.role))
          throw forbidden(`the ${principal.role} role may not call ${r.method.toUpperCase()} ${r.path}`);
      }
      const assertPersonMay = (p: Principal) => {
        if (!p.person) return;
        if (p.person.mustChangePassword && !r.beforePasswordChange)
          throw new HttpError(403, 'password_change_required', '请先修改初始密码');
        if (isWrite) assertCsrfToken(req, p.person);
      };
      if (principal) assertPersonMay(principal);
      await run(parser, req, res);
      assertUtf8Body(req);
      const params = parse(r.params, req.params, 'path');
      const query = parse(r.query, req.query ?? {}, 'query');
      const body = parse(r.body, req.body, 'body');
      if (staffCall) {
        // after validation, as on any public route: a key or session only says who entered a valid request
        res.set('Cache-Control', 'no-store');
        principal = await authenticate(req, deps);
        who = { keyId: principal.keyId, role: principal.role, actorName: principal.name };
        assertPersonMay(principal);
      }
      let replay: Outcome | null = null;
      if (isWrite) {
        idempotencyKey = parseIdempotencyKey(req.get(IDEMPOTENCY_HEADER));
        if (idempotencyKey) {
          const keyId = principal?.keyId ?? publicCaller(req.ip);
          const hash = requestHash(r.method, req.originalUrl, req.body);
          const claim = await claimIdempotencyKey(deps.sql, {
            keyId,
            key: idempotencyKey,
            method: r.method,
            path: req.path,
            hash,
          });
          if (claim.kind === 'replay') replay = { status: claim.status, response: claim.response, replayed: true };
          else claimed = { keyId, key: idempotencyKey };
        }
      }
      if (replay) {
        outcome = replay;
      } else {
        const answer = async (): Promise<Outcome> => {
          const result = await r.handler({
            params: params as never,
            query: query as never,
            body: body as never,
            principal: principal as never,
            deps,
            req,
            res,
          });
          return {
            status: result.status ?? 200,
            response: result.text ? { text: result.text } : { body: result.body ?? {} },
            replayed: false,
            bytes: result.bytes,
            redirect: result.redirect,
          };
        };
        const campaignId = (params as { id?: unknown } | undefined)?.id;
        const kind = typeof r.readCache === 'function' ? r.readCache(query as never) : r.readCache;
        outcome =
          kind && principal && typeof campaignId === 'string'
            ? await cachedRead(
                deps,
                campaignId,
                `${scopeKey(principal)} ${req.originalUrl}`,
                answerTtl(kind, deps.caches.readCacheMs),
                answer,
              )
            : await answer();
        if (isWrite && outcome.status < 400)
          forgetAfterWrite(
            deps,
            typeof campaignId === 'string' && r.path.startsWith('/v1/campaigns/:id') ? campaignId : null,
          );
      }
    } catch (err) {
      if (err instanceof RevokedKeyError) who = { keyId: err.keyId, role: err.role, actorName: null };
      const http = toHttpError(err, deps.log, req.path);
      outcome = { status: http.status, response: { body: errorBody(http) }, replayed: false };
    }

    if (claimed) {
      // Stored before the response leaves, so a retry right after it is answered from the store. A 5xx is forgotten:
      // the client may try again under the same key.
      await (
        outcome.status >= 500
          ? releaseIdempotencyKey(deps.sql, claimed.keyId, claimed.key)
          : completeIdempotencyKey(
              deps.sql,
              claimed.keyId,
              claimed.key,
              outcome.status,
              withoutSecrets(outcome.response, r.secretFields),
            )
      ).catch((err) => deps.log.error({ err, path: req.path }, 'could not store the idempotent outcome'));
    }
    if (isWrite) {
      // raw params, as called (a refused request's too); NUL, which jsonb cannot hold, shown as U+FFFD
      const subjectIds: Record<string, string> = Object.fromEntries(
        Object.entries(req.params ?? {}).map(([k, v]) => [k, String(v).replace(/\u0000/g, '\ufffd')]),
      );
      const created = (outcome.response.body as { id?: unknown } | undefined)?.id;
      if (outcome.status === 201 && typeof created === 'string') subjectIds.createdId = created;
      await recordAudit(deps.sql, {
        ...who,
        method: r.method,
        route: r.path,
        path: req.path,
        subjectIds,
        status: outcome.status,
        idempotencyKey,
        replayed: outcome.replayed,
      }).catch((err) => deps.log.error({ err, path: req.path }, 'could not write the audit entry'));
    }
    send(res, outcome);
  });
}

/**
 * The app; `metricsToken`: serve /metrics here to that bearer (METRICS_TOKEN without METRICS_PORT), else /metrics is
 * not on this port at all (api/server.ts serves it apart, or nowhere).
 */
export function createApp(
  given: Omit<ApiDeps, 'files'> & Partial<Pick<ApiDeps, 'files'>>,
  metrics = new ApiMetrics(),
  metricsToken?: string,
) {
  const deps: ApiDeps = { ...given, files: given.files ?? defaultFileSettings() };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(metrics.middleware);
  app.set('trust proxy', deps.access.trustProxy);
  app.use(helmet());
  // Prometheus scrapes it with the token (docs/OPERATIONS.md): counts and latencies by route, for operators only.
  // Elsewhere it is not here: a 404 of the API's own, not the dashboard's page.
  app.get('/metrics', metricsToken ? metrics.handler(metricsToken) : (_req, _res, next) => next(notFound('/metrics')));

  const document = openApiDocument(routes);
  app.get('/openapi.json', (_req, res) => void res.json(document));
  mountDocs(app);

  for (const r of routes) mount(app, r, deps);
  mountDashboard(app);
  app.use(
    (req, res) =>
      void res
        .status(404)
        .json({ error: { code: 'not_found', message: `no route ${req.method} ${req.path}`, details: [] } }),
  );
  app.use(errorHandler(deps.log));
  return app;
}
