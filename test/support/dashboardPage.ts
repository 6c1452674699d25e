import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ensureDashboardBuilt, launchChromium } from './browser';
import { createKey } from './campaigns';
import { startHarness, type Harness } from './harness';
import { httpClient, type HttpClient } from './http';
import { projectRoot } from '../../stack/temporalCli';

/** The sizes the dashboard's daily tasks are tried at: a desk's screen and a phone's. */
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Signs a person in on the dashboard's sign-in page, as they would, and waits for the header to name them. */
export async function signInAs(
  page: Page,
  baseUrl: string,
  person: { username: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByTestId('signin-username').fill(person.username);
  await page.getByTestId('signin-password').fill(person.password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('whoami').waitFor();
}

/**
 * How an element fits a phone: within the viewport's width, and holding its content (nothing in it wider than itself;
 * a table that scrolls inside its own box counts as held).
 */
export async function fitOnPhone(
  page: Page,
  testId: string,
): Promise<{ withinViewport: boolean; holdsContent: boolean }> {
  // a script of its own: this file is compiled without the DOM's types
  return page.evaluate(`(() => {
    const el = document.querySelector('[data-testid="${testId}"]');
    if (!el) return { withinViewport: false, holdsContent: false };
    return { withinViewport: el.getBoundingClientRect().right <= window.innerWidth, holdsContent: el.scrollWidth <= el.clientWidth };
  })()`);
}

/** The browser's errors but the sign-in page's own question "who is signed in?" (GET /v1/me), answered 401 before sign-in. */
export const unexpectedErrors = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));

/** The product for a dashboard test file: the dashboard built, the API and worker running, a key of the city's bureau. */
export async function startDashboardHarness(): Promise<{ h: Harness; http: HttpClient; bureauKey: string }> {
  ensureDashboardBuilt();
  const h = await startHarness();
  const http = httpClient(h.api.url);
  return { h, http, bureauKey: await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: 'zhongwei' }) };
}

/** Chromium for one test file (its errors collected into `errors`); closing it removes its profile too. */
export async function openBrowser(errors: string[]): Promise<{ page: Page; close(): Promise<void> }> {
  const b = await launchChromium(errors);
  return {
    page: b.page,
    async close() {
      await b.context.close();
      fs.rmSync(b.userDataDir, { recursive: true, force: true });
    },
  };
}

/** SCREENSHOTS=1 writes the page as docs/screenshots/<name>.png (for the README); otherwise nothing. */
export async function shot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  const dir = path.join(projectRoot(), 'docs', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
