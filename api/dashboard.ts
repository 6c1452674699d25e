import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

/**
 * The operators' dashboard (dashboard/, a Vite + React app) served from the API's own origin: its built files, and
 * index.html for every other browser navigation outside the API's paths, so deep links such as /campaigns/c-1/agencies
 * work on reload. Vite emits no inline script, so helmet's Content-Security-Policy (script-src 'self') holds here too.
 */

/** Paths the dashboard never answers: the API, its document and docs, health. */
const API_PATHS = /^\/(?:v1(?:\/|$)|openapi\.json$|healthz$|docs(?:\/|$))/;

/** dashboard/dist next to the sources (tests, tsx) or next to the compiled dist/ (npm start); DASHBOARD_DIR wins. */
export function dashboardDir(): string {
  if (process.env.DASHBOARD_DIR) return path.resolve(process.env.DASHBOARD_DIR);
  const candidates = [
    path.resolve(__dirname, '..', 'dashboard', 'dist'),
    path.resolve(__dirname, '..', '..', 'dashboard', 'dist'),
  ];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? candidates[0];
}

export function mountDashboard(app: Express, dir = dashboardDir()): void {
  // Hashed assets never change under their name; index.html must be asked for every time.
  app.use(
    express.static(dir, {
      index: false,
      setHeaders(res, file) {
        res.setHeader(
          'Cache-Control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path) || !req.accepts('html'))
      return next();
    // Only navigations: a request that prefers JSON (or a missing asset with an extension) gets the API's 404. HTML
    // is asked first so that `Accept: */*` (curl, wget, a link checker) gets the page, as a browser does.
    if (req.accepts(['html', 'json']) !== 'html' || path.extname(req.path)) return next();
    const index = path.join(dir, 'index.html');
    if (!fs.existsSync(index)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The dashboard has not been built: run `npm run build:dashboard`.\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
