// End to end in headless Chromium: the example page imports the built package from the sandbox,
// browses anonymously, signs in, survives token expiry and a reload, and signs out.
// Run by `cargo xtask test` with SANDBOX_URL pointing at a running sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const SANDBOX = process.env.SANDBOX_URL;
const OUTPUT = process.env.TEST_OUTPUT_DIR || 'test-output';
let browser;

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  mkdirSync(OUTPUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
});

const control = (path, method = 'POST') => fetch(`${SANDBOX}/_sandbox/${path}`, { method });

test('the example page browses, signs in, survives expiry and reload, signs out', async () => {
  await control('reset');
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${SANDBOX}/`);
  await page.locator('li.listing').first().waitFor();
  assert.equal(await page.locator('li.listing').count(), 12);
  assert.equal(await page.textContent('#auth'), 'Anonymous');

  await page.click('#login button');
  await page.waitForSelector('#me:has-text("alice@example.com")');
  assert.equal(await page.textContent('#auth'), 'Signed in');

  await control('expire-access-tokens');
  await page.reload();
  await page.waitForSelector('#me:has-text("alice@example.com")');
  const log = await (await control('requests', 'GET')).json();
  assert.ok(log.some((r) => r.grantType === 'refresh_token'), 'the expired token was refreshed');
  await page.screenshot({ path: join(OUTPUT, 'example-signed-in.png'), fullPage: true });

  await page.click('#logout');
  await page.waitForSelector('#auth:has-text("Anonymous")');
  const after = await (await control('requests', 'GET')).json();
  assert.ok(after.some((r) => r.path === '/v1/auth/revoke'), 'logout revoked the session');
  assert.deepEqual(errors, []);
});

test('a wrong password shows a message and keeps the page usable', async () => {
  await control('reset');
  const page = await browser.newPage();
  await page.goto(`${SANDBOX}/`);
  await page.locator('li.listing').first().waitFor();
  await page.fill('input[name=password]', 'wrong');
  await page.click('#login button');
  await page.waitForSelector('#error:has-text("Wrong email or password")');
  assert.equal(await page.textContent('#auth'), 'Anonymous');
});
