// Vite 8 with the package as an app installs it: the dev server (dependency pre-bundling, no
// build) in headless Chromium, and Vite SSR (`ssrLoadModule`, the package loaded by Node),
// both making real calls against the sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createServer } from 'vite';
import { ENV, SANDBOX, installPackage, launchChromium, watchedPage } from './support.mjs';

const EXPECTED = { listings: 3, idsAreUuids: true, email: 'alice@example.com' };
let server;
let browser;

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  installPackage();
  server = await createServer({
    root: join(ENV, 'vite-app'),
    configFile: false,
    logLevel: 'error',
    cacheDir: join(ENV, 'node_modules/.vite-env-test'),
    // Pre-bundle anew each run: the cache is keyed by the lockfile, not by the package just
    // installed, so a rebuilt package's wasm would meet the previous build's glue.
    optimizeDeps: { force: true },
    server: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  await server.listen();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the Vite dev server serves an app that calls the sandbox, zero console errors', async () => {
  const url = server.resolvedUrls.local[0];
  const context = await browser.newContext();
  const { page, errors } = await watchedPage(context);
  await page.goto(`${url}?sandbox=${encodeURIComponent(SANDBOX)}`);
  await page.waitForFunction(() => window.__result, null, { timeout: 60_000 });
  assert.deepEqual(await page.evaluate(() => window.__result), EXPECTED, errors.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('Vite SSR loads the package in Node and calls the sandbox', async () => {
  const { run } = await server.ssrLoadModule('/calls.js');
  assert.deepEqual(await run(SANDBOX), EXPECTED);
});
