import type { Page } from 'playwright-core';

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
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return { overflow: document.documentElement.scrollWidth - window.innerWidth, element: el ? el.getBoundingClientRect().right : -1 };
  }, testId);
}

/** The browser's errors but the sign-in page's own question "who is signed in?" (GET /v1/me), answered 401 before sign-in. */
export const unexpectedErrors = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));
