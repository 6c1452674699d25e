import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Client } from '@temporalio/client';
import type { Sql } from 'postgres';
import type { Config } from '../config/env';
import type { Logger } from '../config/logger';
import type { Principal, Role } from './principal';
import type { ApiCaches, ReadCacheKind } from './caches';
import type { AccessState } from './people/settings';
import type { FileSettings } from '../services/files/settings';

export interface ApiDeps {
  sql: Sql;
  client: Client;
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'TEMPORAL_NAMESPACE'>;
  log: Logger;
  bootstrapAdminToken: string;
  caches: ApiCaches;
  /** Sessions, lockout and throttling (api/people/settings.ts). */
  access: AccessState;
  /** Where uploads are kept and how large one may be. */
  files: FileSettings;
}

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** Null only on public routes. */
  principal: Principal;
  deps: ApiDeps;
  req: Request;
  res: Response;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
  /** A CSV or other text body, sent as it is. */
  text?: { contentType: string; content: string; filename?: string };
  /** A file, a PDF or a workbook, sent as it is with its name (never stored for an Idempotency-Key replay). */
  bytes?: { contentType: string; content: Buffer; filename: string };
  /** Send the browser on (302): to the identity provider, or back to the dashboard. */
  redirect?: string;
}

/**
 * One entry of the route table: the single place that says who may call a route, what it accepts and what it
 * returns. The app, the OpenAPI document and the permission tests are all generated from these.
 */
export interface RouteDef<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
> {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  /** "public" needs no key; otherwise the roles that may call it (scope is checked by the handler). */
  access: 'public' | readonly Role[];
  params?: P;
  query?: Q;
  body?: B;
  /**
   * The success status and the schema of its body, for the OpenAPI document; `created`: a PUT that may also make the
   * resource answers 201 with the same body, described so.
   */
  response: { status: number; description: string; schema?: Schema; contentType?: string; created?: string };
  /**
   * A campaign read (path `/v1/campaigns/:id/…`) whose answer depends only on what the campaign holds, the caller's
   * scope and the URL, answered from memory until anything in the campaign changes (api/caches.ts): 'data' when only
   * the data changes it, 'clock' when the clock does too (lights), so it is kept no longer than READ_CACHE_MS. A
   * function decides per request; null: not from memory (e.g. a read that asks the live workflow).
   */
  readCache?: ReadCacheKind | ((query: Out<Q>) => ReadCacheKind | null);
  /** Statuses beyond the usual ones this route can answer with, for the document. */
  errors?: number[];
  /** The largest JSON body this route reads (express/bytes syntax); DEFAULT_BODY_LIMIT unless set. Larger → 413. */
  bodyLimit?: string;
  /**
   * Fields of the success body shown once (e.g. a new key's token): never stored for an Idempotency-Key replay, which
   * answers without them.
   */
  secretFields?: readonly string[];
  /**
   * A public route that staff may also call with their key (a complaint received by phone, entered by a bureau): a key
   * sent is checked, and the request is then audited, and its Idempotency-Key scoped, as that key's holder.
   */
  staffMayCall?: boolean;
  /**
   * Requests per client address and window on public routes (not counting staff calls, staffMayCall); past it → 429.
   * Routes naming the same `budget` share one count per address (every way of uploading without an account).
   */
  rateLimit?: { windowMs: number; limit: number; budget?: string };
  /** Answers a person whose generated password is still to be changed (sign-out, the change itself, who am I). */
  beforePasswordChange?: boolean;
  handler: (ctx: RouteContext<P, Q, B>) => Promise<RouteResult>;
}

/** Most bodies are small; a route that takes more (a province's campaign definition) says so with bodyLimit. */
export const DEFAULT_BODY_LIMIT = '64kb';

export function route<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined>(
  def: RouteDef<P, Q, B>,
): RouteDef {
  return def as unknown as RouteDef;
}
