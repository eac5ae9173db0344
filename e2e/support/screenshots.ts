import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

/** Where the README's pictures live; `npm run screenshots` sets UPDATE_SCREENSHOTS to renew them. */
// SCREENSHOTS_DIR puts them elsewhere (to look at a change without touching the README's).
export const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? fileURLToPath(new URL('../../docs/screenshots', import.meta.url));
export const UPDATE_SCREENSHOTS = Boolean(process.env.UPDATE_SCREENSHOTS);

/** Saves a page (or one part of it) as docs/screenshots/<name>.png, only when renewing them. */
export async function saveScreenshot(target: Page | Locator, name: string): Promise<void> {
  if (!UPDATE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await target.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}
