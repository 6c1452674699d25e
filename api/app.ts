import express, { type Request, type Response, type NextFunction } from 'express';
import helmet from 'helmet';
import type { z } from 'zod';
import { authenticate } from './auth';
import { errorHandler, forbidden, HttpError } from './errors';
import { openApiDocument } from './openapi';
import type { ApiDeps, RouteDef } from './route';
import { systemRoutes } from './routes/system';
import { campaignRoutes } from './routes/campaigns';
import { agencyRoutes } from './routes/agencies';
import { eventRoutes } from './routes/events';
import { itemRoutes } from './routes/items';
import { referralRoutes } from './routes/referrals';

/** The route table: every route of the product, in one list the app, the document and the tests read. */
export const routes: readonly RouteDef[] = [...systemRoutes, ...campaignRoutes, ...agencyRoutes, ...eventRoutes, ...itemRoutes, ...referralRoutes];


function parse<S extends z.ZodType | undefined>(schema: S, value: unknown, where: string) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError(400, 'invalid_request', `the ${where} is not valid`, result.error.issues.map((i) => ({ ...i, in: where })));
  }
  return result.data;
}

export function createApp(deps: ApiDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(helmet());
  // Campaign definitions of a province's agencies are the largest bodies the API takes.
  app.use(express.json({ limit: '20mb', type: ['application/json', 'application/*+json'] }));

  const document = openApiDocument(routes);
  app.get('/openapi.json', (_req, res) => void res.json(document));

  for (const r of routes) {
    app[r.method](r.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const principal = r.access === 'public' ? null : await authenticate(req, deps.sql, deps.bootstrapAdminToken);
        if (principal && r.access !== 'public' && !r.access.includes(principal.role)) throw forbidden(`the ${principal.role} role may not call ${r.method.toUpperCase()} ${r.path}`);
        const result = await r.handler({
          params: parse(r.params, req.params, 'path') as never,
          query: parse(r.query, req.query ?? {}, 'query') as never,
          body: parse(r.body, req.body, 'body') as never,
          principal: principal as never,
          deps,
          req,
          res,
        });
        if (result.text) {
          res.status(result.status ?? 200).type(result.text.contentType);
          if (result.text.filename) res.attachment(result.text.filename);
          res.send(result.text.content);
        } else {
          res.status(result.status ?? 200).json(result.body ?? {});
        }
      } catch (err) {
        next(err);
      }
    });
  }
  app.use((req, res) => void res.status(404).json({ error: { code: 'not_found', message: `no route ${req.method} ${req.path}`, details: [] } }));
  app.use(errorHandler(deps.log));
  return app;
}
