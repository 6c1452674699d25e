import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../stack/temporalCli';

const ROOT = projectRoot();
const DASHBOARD = path.join(ROOT, 'dashboard');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the dashboard when dist/ is missing or older than any of its sources (or the domain it bundles). */
export function ensureDashboardBuilt(): void {
  const index = path.join(DASHBOARD, 'dist', 'index.html');
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }, 0);
  const sources = Math.max(
    newest(path.join(DASHBOARD, 'src')),
    newest(path.join(ROOT, 'domain')),
    fs.statSync(path.join(DASHBOARD, 'index.html')).mtimeMs,
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', DASHBOARD, '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

/**
 * A fontconfig file that adds the CJK font the notices embed (Noto Serif SC, from npm) to the system's fonts, so Chinese
 * renders (and is measured) the same on a machine without CJK fonts as on one with them, and screenshots show text.
 */
function fontConfig(dir: string): string {
  const fonts = path.dirname(require.resolve('@expo-google-fonts/noto-serif-sc/package.json'));
  const file = path.join(dir, 'fonts.conf');
  fs.writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>${fonts}</dir>\n  <cachedir>${path.join(dir, 'fontcache')}</cachedir>\n</fontconfig>\n`,
  );
  return file;
}

/**
 * Debian's headless Chromium driven by playwright-core, in a zone other than the campaigns' (dates must still come
 * out in Asia/Shanghai); console errors, page errors and CSP violations are collected into `consoleErrors`.
 */
export async function launchChromium(
  consoleErrors: string[],
): Promise<{ context: BrowserContext; page: Page; userDataDir: string }> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    env: { ...process.env, FONTCONFIG_FILE: fontConfig(userDataDir) },
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
    // The browser's own zone differs from the campaign's: dates must still come out in Asia/Shanghai.
    timezoneId: 'Europe/Berlin',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  // A Content-Security-Policy violation (an inline script or style the CSP refuses) counts as an error.
  await context.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
  });
  return { context, page, userDataDir };
}
