import path from 'node:path';
import express, { type Express } from 'express';

/**
 * Swagger UI at /docs, reading /openapi.json. The files come from the swagger-ui-dist package; the page and its
 * initializer are ours, with no inline script, so helmet's default Content-Security-Policy (script-src 'self')
 * holds for /docs as for every other path.
 */
const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Rectification campaigns API</title>
    <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css" />
    <link rel="stylesheet" type="text/css" href="/docs/index.css" />
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="/docs/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
    <script src="/docs/swagger-initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;

const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
  });
};
`;

export function mountDocs(app: Express): void {
  const dist = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  // ours first: the package's own index.html and initializer point at the petstore example
  app.get(['/docs', '/docs/index.html'], (_req, res) => void res.type('html').send(PAGE));
  app.get('/docs/swagger-initializer.js', (_req, res) => void res.type('application/javascript').send(INITIALIZER));
  app.use('/docs', express.static(dist, { index: false, fallthrough: true, maxAge: '1h' }));
}
