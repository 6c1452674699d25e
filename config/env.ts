import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '../domain/contract';

/** Every setting the product reads from the environment, parsed once. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  BOOTSTRAP_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_BASE_URL: z.url().optional(),
  // Notifications (docs/NOTIFICATIONS.md): email goes out only when SMTP_URL is set, e.g. smtp://user:pass@host:587.
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  SMTP_FROM: z.string().min(3).default('专项整治 <noreply@localhost>'),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  // Within the delivery window, pushes wait for the next boundary of this period so that what falls due to one
  // recipient within it goes as one digest (docs/NOTIFICATIONS.md "Digests").
  NOTIFY_DIGEST_GATHER_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  // Hosts (host or host:port, comma-separated) webhooks and robots may reach though they resolve to internal
  // addresses (services/outbound.ts); read where each request is checked.
  OUTBOUND_ALLOWED_HOSTS: z.string().optional(),
  // SMS (docs/NOTIFICATIONS.md "SMS"): sent only when SMS_PROVIDER is set. The endpoint is the provider's API host
  // (a local fake in tests, over http); the signature name and template are those the provider approved.
  SMS_PROVIDER: z.enum(['aliyun', 'tencent']).optional(),
  SMS_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
  SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  SMS_SIGN_NAME: z.string().min(1).max(40).optional(),
  SMS_TEMPLATE_ID: z.string().min(1).max(60).optional(),
  SMS_SDK_APP_ID: z.string().min(1).max(40).optional(),
  SMS_REGION: z.string().min(1).default('ap-guangzhou'),
  SMS_DAILY_CAP: z.coerce.number().int().min(1).max(1000).default(10),
  // How many notification workflows each worker's outbox relay starts per second at most (services/outboxRelay.ts).
  NOTIFY_DISPATCH_PER_SECOND: z.coerce.number().min(1).max(10_000).default(20),
  // The worker's V8 heap (--max-old-space-size), which bounds its memory and sizes the SDK's workflow cache from it
  // (docs/BENCHMARKS.md: about 2 MB per cached agency workflow). Applied where the product starts the worker.
  WORKER_HEAP_MB: z.coerce.number().int().min(256).max(65_536).default(1024),
  // Where the worker serves /metrics (docs/OPERATIONS.md), on HOST; unset: no metrics server (two workers on one
  // machine need a port each).
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  // The API's /metrics (docs/OPERATIONS.md): with METRICS_TOKEN, on PORT to `Authorization: Bearer <token>` only; with
  // METRICS_PORT, only on that separate listener (METRICS_HOST, loopback by default), the token also asked when set.
  // Neither: not served at all, so nothing is open by default.
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  // How long the API may answer a campaign's reads from memory when nothing changed (api/caches.ts); 0 turns it off.
  READ_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  // People (docs/ACCESS.md). TRUST_PROXY: express's "trust proxy" (hops, or addresses/subnets, comma-separated) when
  // the API sits behind a TLS-terminating proxy; the session cookie is Secure on requests that came in over TLS.
  TRUST_PROXY: z
    .string()
    .regex(
      /^(\d{1,2}|true|false|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*|loopback|linklocal|uniquelocal)$/,
      'a hop count, true/false, or addresses',
    )
    .optional(),
  // A session ends after this long without a request (a working day).
  SESSION_IDLE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(8 * 3600),
  // The window sign-in failures are counted over (api/people/throttle.ts): 10 for one username from one address stop
  // that address trying it, SIGN_IN_FAILURES_PER_ADDRESS from one address stop it trying any, until they leave it.
  SIGN_IN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(30),
  SIGN_IN_LOCKOUT_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(15 * 60),
  // Failed bearer tokens allowed per client address per minute; past it, that address's bearer requests answer 429.
  BEARER_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  // Uploaded files (docs/DOCUMENTS.md): their bytes in PostgreSQL (default) or an S3-compatible store; larger → 413.
  FILE_STORAGE: z.enum(['postgres', 's3']).default('postgres'),
  FILE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  // All uploads not yet attached to anything, together: past it an upload without an account answers 503 (2 GB).
  UNATTACHED_UPLOADS_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .default(2 * 1024 * 1024 * 1024),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(3).default('rectification-files'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // Sign-in through the province's identity provider (docs/ACCESS.md "Unified sign-in"): on when OIDC_ISSUER is set,
  // which then needs the client's id and secret. The callback is OIDC_REDIRECT_BASE_URL (else PUBLIC_BASE_URL, else the
  // request's own origin) + /v1/auth/oidc/callback, registered with the provider. LOCAL_PASSWORDS=off: no password sign-in.
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOCAL_PASSWORDS: z.enum(['on', 'off']).default('on'),
});
export type Config = z.infer<typeof EnvSchema>;

const NotifySchema = EnvSchema.pick({
  SMTP_URL: true,
  SMTP_FROM: true,
  NOTIFY_MAX_ATTEMPTS: true,
  NOTIFY_DIGEST_GATHER_SECONDS: true,
  PUBLIC_BASE_URL: true,
  SMS_PROVIDER: true,
  SMS_ENDPOINT: true,
  SMS_ACCESS_KEY_ID: true,
  SMS_ACCESS_KEY_SECRET: true,
  SMS_SIGN_NAME: true,
  SMS_TEMPLATE_ID: true,
  SMS_SDK_APP_ID: true,
  SMS_REGION: true,
  SMS_DAILY_CAP: true,
});
export type NotifyConfig = z.infer<typeof NotifySchema>;

export class ConfigError extends Error {}

/** Parses the environment; a bad value fails with one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const oidc = oidcProblem(parsed.data);
  if (oidc) throw new ConfigError(`invalid configuration: ${oidc}`);
  return parsed.data;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The provider's settings go together; an issuer over plain http only on this machine (a test's provider). */
function oidcProblem(c: Config): string | null {
  if (!c.OIDC_ISSUER) return c.LOCAL_PASSWORDS === 'off' ? 'LOCAL_PASSWORDS: off needs OIDC_ISSUER' : null;
  if (!c.OIDC_CLIENT_ID || !c.OIDC_CLIENT_SECRET) return 'OIDC_ISSUER: needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET';
  const issuer = new URL(c.OIDC_ISSUER);
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname)))
    return 'OIDC_ISSUER: must be https (plain http only on loopback)';
  return null;
}

/** The settings notification delivery reads, parsed alone: the worker's activities take them from the environment. */
export function loadNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = NotifySchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
