/**
 * Debian's Chromium driven by playwright-core (`npx playwright install` cannot download here).
 * Missing Chromium fails loudly in CI (FIELDTEST_REQUIRE_SERVICES=1) and skips elsewhere.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = !existsSync(chromiumPath);
export const requireServices = process.env.FIELDTEST_REQUIRE_SERVICES === '1';

export interface RunningBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with the flags this machine needs. playwright-core gives every
 * launch a fresh, empty --user-data-dir of its own (it refuses one in `args`), removed on close.
 */
export async function launchChromium(): Promise<RunningBrowser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}
