import http from 'node:http';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `GET /metrics` of a process without an HTTP API of its own (the worker): its registry, followed by what the
 * Temporal SDK's own exporter serves (`sdkMetricsUrl`), so one scrape target shows both.
 */
export async function serveMetrics(o: {
  registry: Registry;
  host: string;
  port: number;
  sdkMetricsUrl?: string;
}): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
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
    url: `http://${o.host}:${port}/metrics`,
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
