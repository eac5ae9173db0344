import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium), never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh browser profile reading the given language, at a desktop size, without animations. */
export function newContext(browser: Browser, locale = 'vi-VN'): Promise<BrowserContext> {
  return browser.newContext({ locale, viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce', timezoneId: 'Asia/Ho_Chi_Minh' });
}
