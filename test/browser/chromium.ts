/**
 * Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core (no browser
 * download). Tests skip with the reason when it is absent, unless SALESOPS_REQUIRE_BROWSER=1 (set by .ci/run
 * after installing it), where its absence fails them.
 * @module
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const browserRequired = process.env.SALESOPS_REQUIRE_BROWSER === '1';

/** Why browser tests cannot run here, or null when they can. */
export function browserUnavailable(): string | null {
  if (existsSync(CHROMIUM_PATH) || browserRequired) return null;
  return `${CHROMIUM_PATH} is absent (install Debian's chromium package, or set SALESOPS_REQUIRE_BROWSER=1 to fail instead of skipping)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Containers often run as root, where Chromium's sandbox cannot start.
    args: ['--no-sandbox'],
  });
}
