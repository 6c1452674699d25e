import { chromium, type Browser } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness';
import { httpClient } from '../support/http';

/**
 * Swagger UI at /docs renders the generated OpenAPI document in a real browser, under the same helmet
 * Content-Security-Policy as every other path (no inline script, nothing from other origins).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT =
  process.env.SCREENSHOTS === '1' ? 'docs/screenshots/swagger-ui.png' : (process.env.DOCS_SCREENSHOT ?? null);

describe('/docs', () => {
  let h: Harness;
  let browser: Browser;

  beforeAll(async () => {
    h = await startHarness({ worker: false });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await h.close();
  });

  test('serves our page and initializer with a strict CSP, and the swagger-ui-dist assets', async () => {
    const http = httpClient(h.api.url);
    for (const path of ['/docs', '/docs/']) {
      const page = await http.get(path);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.text).toContain('/docs/swagger-initializer.js');
      expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)/); // no inline script
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src 'self'(;|$)/);
    }
    const init = await http.get('/docs/swagger-initializer.js');
    expect(init.text).toContain("url: '/openapi.json'");
    expect(init.text).not.toContain('petstore');
    expect((await http.get('/docs/swagger-ui-bundle.js')).status).toBe(200);
    expect((await http.get('/docs/swagger-ui.css')).status).toBe(200);
  });

  test('renders every route of the document, with no CSP violation or script error', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    });
    await page.goto(`${h.api.url}/docs`);
    await page.waitForSelector('.opblock-summary-path', { timeout: 30_000 });
    const paths = await page.locator('.opblock-summary-path').allTextContents();
    const doc = (await httpClient(h.api.url).get('/openapi.json')).body;
    const operations = Object.values(doc.paths as Record<string, object>).reduce(
      (n: number, ops) => n + Object.keys(ops).length,
      0,
    );
    expect(paths.length).toBe(operations);
    expect(paths.map((p) => p.replace(/\u200b/g, ''))).toEqual(
      expect.arrayContaining(['/v1/audit', '/v1/api-keys/{id}/revoke']),
    );
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  });
});
