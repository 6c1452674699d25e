import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { ensureDashboardBuilt, launchChromium } from './browser';
import { createKey } from './campaigns';
import { startHarness, type Harness } from './harness';
import { httpClient, type HttpClient } from './http';

/** The sizes the dashboard's daily tasks are tried at: a desk's screen and a phone's. */
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Signs a person in on the dashboard's sign-in page, as they would, and waits for the header to name them. */
export async function signInAs(page: Page, baseUrl: string, person: { username: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByTestId('signin-username').fill(person.username);
  await page.getByTestId('signin-password').fill(person.password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('whoami').waitFor();
}

/** The page's width beyond the viewport's (0 when nothing makes it scroll sideways) and the element's own width. */
export async function widths(page: Page, testId: string): Promise<{ overflow: number; element: number }> {
  // a script of its own: this file is compiled without the DOM's types
  return page.evaluate(`(() => {
    const el = document.querySelector('[data-testid="${testId}"]');
    return { overflow: document.documentElement.scrollWidth - window.innerWidth, element: el ? el.getBoundingClientRect().right : -1 };
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
