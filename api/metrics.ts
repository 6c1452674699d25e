import type { Request, RequestHandler, Response } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';
import { scrapeAllowed } from '../services/metricsServer';
import { HttpError } from './errors';

/**
 * The API's Prometheus series (docs/OPERATIONS.md): requests and their latency by route and status. The route label
 * is the route's pattern (/v1/campaigns/:id), never the path asked for, so ids do not multiply the series; what no
 * route matched (the dashboard's files, 404s) counts as "other".
 */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request to the end of its answer, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Times every request from its arrival to the end of its answer. */
  readonly middleware: RequestHandler = (req: Request, res: Response, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
      this.requests.inc(labels);
      this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };

  /**
   * GET /metrics on the API's own port, only to `Authorization: Bearer <token>`: the text exposition format; any other
   * request answers 401 as if it were any other unknown bearer.
   */
  handler(token: string): RequestHandler {
    return (req, res, next) => {
      if (!scrapeAllowed(req.get('authorization'), token)) {
        res.set('WWW-Authenticate', 'Bearer');
        next(new HttpError(401, 'unauthorized', '读取指标需要指标令牌（Authorization: Bearer <METRICS_TOKEN>）'));
        return;
      }
      this.registry.metrics().then((text) => void res.type(this.registry.contentType).send(text), next);
    };
  }
}

function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'other';
}
