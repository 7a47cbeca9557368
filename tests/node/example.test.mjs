// End to end in headless Chromium: the example app (www-example/, served by the sandbox with the
// built package at /pkg/) clicked through every flow: browse, search and paginate; a listing
// page; sign in, survive token expiry and a reload; edit the profile; create a draft with an
// image upload showing progress, publish and close it; start an inquiry and message; see the
// transaction's state; switch the token store; errors a user understands; sign out.
// Screenshots go to TEST_OUTPUT_DIR (default test-output/).
// Run by `cargo xtask test` with SANDBOX_URL pointing at a running sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './support.mjs';

const SANDBOX = process.env.SANDBOX_URL;
const OUTPUT = process.env.TEST_OUTPUT_DIR || 'test-output';
/** Listing 2 of the seed, Bob's. */
const BOBS_LISTING = '20000000-0000-4000-8000-000000000002';
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let browser;

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  mkdirSync(OUTPUT, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

const control = (path, method = 'POST', body) => fetch(`${SANDBOX}/_sandbox/${path}`, {
  method,
  headers: body ? { 'content-type': 'application/json' } : {},
  body: body ? JSON.stringify(body) : undefined,
});
const shot = (page, name) => page.screenshot({ path: join(OUTPUT, `example-${name}.png`), fullPage: true });

/** A fresh sandbox and a fresh browser context (no cookies or storage) on the app. */
async function open() {
  await control('reset');
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${SANDBOX}/`);
  await page.locator('li.listing').first().waitFor();
  return { page, errors, context };
}

async function signIn(page, who = 'alice') {
  await page.selectOption('#login select[name=username]', `${who}@example.com`);
  await page.click('#login button');
  await page.waitForSelector(`#auth:has-text("${who}@example.com")`);
  // Signing in re-renders the current view; let that finish before the test navigates on.
  await page.waitForSelector('#notice:has-text("Signed in.")');
  await page.waitForSelector('body:not([data-routing])', { state: 'attached' });
}

test('browse, search, paginate and open a listing with its images and author', async () => {
  const { page, errors } = await open();
  assert.equal(await page.locator('li.listing').count(), 12);
  assert.match(await page.textContent('#page'), /^Page 1 of 5 \(54 listings\)/);
  await page.click('#next');
  await page.waitForSelector('#page:has-text("Page 2 of 5")');
  await page.fill('#search input[name=keywords]', 'kayak');
  await page.click('#search button');
  await page.waitForSelector('#page:has-text("Page 1 of")');
  const titles = await page.locator('li.listing strong').allTextContents();
  assert.ok(titles.length > 0 && titles.every((t) => /kayak/i.test(t)), titles.join(', '));
  await page.locator('li.listing').first().click();
  await page.waitForSelector('#listing-title');
  assert.match(await page.textContent('#listing-title'), /kayak/i);
  assert.ok(await page.locator('.gallery img').count() >= 1, 'the listing shows its images');
  assert.match(await page.textContent('#author'), /^by \w+ \w\.$/);
  await shot(page, 'listing');
  assert.deepEqual(errors, []);
});

test('sign in, survive token expiry and a reload, edit the profile, sign out', async () => {
  const { page, errors } = await open();
  assert.match(await page.textContent('#auth'), /^Anonymous/);
  await signIn(page);
  await control('expire-access-tokens');
  await page.reload();
  await page.waitForSelector('#auth:has-text("alice@example.com")');
  const log = await (await control('requests', 'GET')).json();
  assert.ok(log.some((r) => r.grantType === 'refresh_token'), 'the expired token was refreshed');

  await page.click('#nav-me');
  await page.waitForSelector('#profile');
  await page.fill('#profile input[name=displayName]', 'Alice Wonder');
  await page.click('#profile button');
  await page.waitForSelector('#auth:has-text("Alice Wonder")');
  await page.waitForSelector('#notice:has-text("Profile saved")');
  await page.reload();
  await page.waitForSelector('#auth:has-text("Signed in as Alice Wonder")');
  await shot(page, 'signed-in');

  await page.click('#logout');
  await page.waitForSelector('#auth:has-text("Anonymous")');
  const after = await (await control('requests', 'GET')).json();
  assert.ok(after.some((r) => r.path === '/v1/auth/revoke'), 'logout revoked the session');
  assert.deepEqual(errors, []);
});

test('own listings: a draft with an uploaded image (progress shown), published, then closed', async () => {
  const { page, errors } = await open();
  await signIn(page);
  await page.click('#nav-me');
  await page.waitForSelector('#create');
  await page.fill('#create input[name=title]', 'Tandem bicycle');
  await page.fill('#create textarea[name=description]', 'For two riders');
  await page.setInputFiles('#create input[name=image]', { name: 'tandem.png', mimeType: 'image/png', buffer: PNG });
  await page.click('#create button');
  await page.waitForSelector('#notice:has-text("Draft created")');
  assert.equal(await page.getAttribute('#upload-progress', 'value'), '100');
  const row = page.locator('#own-listings tr[data-title="Tandem bicycle"]');
  assert.equal(await row.locator('.state').textContent(), 'draft');
  assert.match(await row.textContent(), /1 image/);
  const uploads = (await (await control('requests', 'GET')).json()).filter((r) => r.path === '/v1/api/images/upload');
  assert.equal(uploads.length, 1, 'the image went up as a multipart upload');

  await row.locator('button:has-text("Publish")').click();
  await page.waitForSelector('#own-listings tr[data-title="Tandem bicycle"] .state:has-text("published")');
  await page.click('a[href="#/"]');
  await page.fill('#search input[name=keywords]', 'tandem');
  await page.click('#search button');
  await page.waitForSelector('li.listing strong:has-text("Tandem bicycle")');

  await page.click('#nav-me');
  await page.locator('#own-listings tr[data-title="Tandem bicycle"] button:has-text("Close")').click();
  await page.waitForSelector('#own-listings tr[data-title="Tandem bicycle"] .state:has-text("closed")');
  await shot(page, 'own-listings');
  assert.deepEqual(errors, []);
});

test('an inquiry with messages, and the transaction state, for both parties', async () => {
  const { page, errors, context } = await open();
  await signIn(page);
  await page.goto(`${SANDBOX}/#/listing/${BOBS_LISTING}`);
  await page.waitForSelector('#inquire');
  await page.fill('#inquire textarea', 'Can I pick it up on Friday?');
  await page.click('#inquire button');
  await page.waitForSelector('#tx-state');
  assert.equal(await page.textContent('#tx-state'), 'transition/inquire-without-payment');
  await page.waitForSelector('#messages li:has-text("Can I pick it up on Friday?")');
  await page.fill('#send input[name=content]', 'Around noon works for me.');
  await page.click('#send button');
  await page.waitForSelector('#messages li:has-text("Around noon")');
  await shot(page, 'transaction');

  // Bob sees it in his inbox after signing in in another tab of the same browser.
  await page.click('#logout');
  await page.waitForSelector('#auth:has-text("Anonymous")');
  await signIn(page, 'bob');
  await page.click('#nav-inbox');
  await page.locator('#inbox a').first().click();
  await page.waitForSelector('#messages li:has-text("Around noon")');
  assert.equal(await page.textContent('#tx-state'), 'transition/inquire-without-payment');

  // His own listing offers no inquiry.
  await page.goto(`${SANDBOX}/#/listing/${BOBS_LISTING}`);
  await page.waitForSelector('text=This is your listing.');
  await context.close();
  assert.deepEqual(errors, []);
});

test('the chosen token store is visible and keeps the session across a reload', async () => {
  const { page, errors } = await open();
  await page.selectOption('#store', 'local');
  await page.waitForLoadState('load');
  await page.locator('li.listing').first().waitFor();
  assert.equal(await page.inputValue('#store'), 'local');
  await signIn(page, 'carol');
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('sandbox-client-id')));
  assert.equal(stored.length, 1, 'the session is in localStorage');
  const cookies = await page.context().cookies();
  assert.ok(!cookies.some((c) => decodeURIComponent(c.value).includes('refresh_token')), 'and not in a cookie');
  await page.reload();
  await page.waitForSelector('#auth:has-text("carol@example.com")');
  assert.deepEqual(errors, []);
});

test('errors show a message a user understands and keep the page usable', async () => {
  const { page } = await open();
  await page.fill('#login input[name=password]', 'wrong');
  await page.click('#login button');
  await page.waitForSelector('#error:has-text("Wrong email or password.")');
  assert.match(await page.textContent('#auth'), /^Anonymous/);

  await control('faults', 'POST', { status: 503, count: 1, path: '/v1/api/listings/query' });
  await page.click('#next');
  await page.waitForSelector('#error:has-text("The marketplace is having trouble (503)")');
  await page.click('#next');
  await page.waitForSelector('#page:has-text("Page 2 of 5")');
  assert.equal(await page.textContent('#error'), '');
  await shot(page, 'error');
});
