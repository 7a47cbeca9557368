// What the node suites share: Debian's Chromium launched headless with the flags this machine
// needs, and a page on the sandbox's origin holding both SDKs.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The official SDK's browser build, from npm. */
export const OFFICIAL_WEB_BUILD = fileURLToPath(new URL('./node_modules/sharetribe-flex-sdk/build/sharetribe-flex-sdk-web.js', import.meta.url));

/** Debian's Chromium, headless; background networking off (the machine's network is closed). */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A page on the sandbox's origin (so requests are same-origin, like an app's) with
 * `window.sdks = { official, ours }`: the official web build and our package from /pkg/.
 */
export async function pageWithBothSdks(browser, sandbox) {
  const page = await browser.newPage();
  await page.goto(`${sandbox}/_sandbox/health`);
  await page.addScriptTag({ path: OFFICIAL_WEB_BUILD });
  await page.evaluate(async (url) => {
    const ours = await import(`${url}/pkg/index.js`);
    // Loaded up front, so createInstance checks its config synchronously, as the official one does.
    await ours.ready();
    window.sdks = { official: window.sharetribeSdk, ours };
  }, sandbox);
  return page;
}
