import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** Whether a scrape carries `Authorization: Bearer <token>` (compared in constant time); always, without a token. */
export function scrapeAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const given = createHash('sha256')
    .update(authorization ?? '')
    .digest();
  return timingSafeEqual(given, createHash('sha256').update(`Bearer ${token}`).digest());
}

/**
 * `GET /metrics` on a listener of its own: the worker's (it has no HTTP API), and the API's when METRICS_PORT puts
 * them apart from PORT. Its registry, followed by what the Temporal SDK's own exporter serves (`sdkMetricsUrl`), so
 * one scrape target shows both; with `token`, only to `Authorization: Bearer <token>` (401 otherwise).
 */
export async function serveMetrics(o: {
  registry: Registry;
  host: string;
  port: number;
  sdkMetricsUrl?: string;
  token?: string;
}): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    if (!scrapeAllowed(req.headers.authorization, o.token)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    void collect(o).then(
      (text) => res.writeHead(200, { 'content-type': o.registry.contentType }).end(text),
      (err: unknown) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${String(err)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function collect(o: { registry: Registry; sdkMetricsUrl?: string }): Promise<string> {
  const own = await o.registry.metrics();
  if (!o.sdkMetricsUrl) return own;
  const sdk = await fetch(o.sdkMetricsUrl);
  if (!sdk.ok) throw new Error(`the SDK's exporter answered ${sdk.status}`);
  return `${own}\n${await sdk.text()}`;
}
