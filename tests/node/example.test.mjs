// End to end in a real browser (TEST_BROWSER: chromium, firefox or webkit, driven through
// browser.mjs): the example app (www-example/, served by the sandbox with the built package at
// /pkg/) clicked through every flow: browse, search and paginate; a listing page; sign in,
// survive token expiry and a reload; edit the profile; create a draft with an image upload
// showing progress, publish and close it; start an inquiry and message; see the transaction's
// state; switch the token store; errors a user understands; sign out.
// Screenshots go to TEST_OUTPUT_DIR (default test-output/), named after the engine.
// Run by `cargo xtask test` with SANDBOX_URL pointing at a running sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { engineFromEnv, openBrowser } from './browser.mjs';

const SANDBOX = process.env.SANDBOX_URL;
const OUTPUT = resolve(process.env.TEST_OUTPUT_DIR || 'test-output');
const ENGINE = engineFromEnv();
/** Listing 2 of the seed, Bob's. */
const BOBS_LISTING = '20000000-0000-4000-8000-000000000002';
// A 1×1 PNG, written to a file for the file input.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PNG_FILE = join(OUTPUT, 'tandem.png');

/** @type {import('./browser.mjs').Browser} */
let page;

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  mkdirSync(OUTPUT, { recursive: true });
  writeFileSync(PNG_FILE, PNG);
  page = await openBrowser(ENGINE);
  console.log(`example app tests in ${page.version}`);
});

after(async () => {
  await page?.close();
});

const control = (path, method = 'POST', body) => fetch(`${SANDBOX}/_sandbox/${path}`, {
  method,
  headers: body ? { 'content-type': 'application/json' } : {},
  body: body ? JSON.stringify(body) : undefined,
});
const shot = (name) => page.screenshot(join(OUTPUT, `example-${ENGINE}-${name}.png`));

/** A fresh sandbox and a browser with no cookies or storage for the app's origin, on the app. */
async function open() {
  await control('reset');
  await page.goto(`${SANDBOX}/_sandbox/health`);
  await page.clearOrigin();
  await page.goto(`${SANDBOX}/`);
  await page.waitForSelector('li.listing');
}

async function signIn(who = 'alice') {
  await page.select('#login select[name=username]', `${who}@example.com`);
  await page.click('#login button');
  await page.waitForText('#auth', `${who}@example.com`);
  // Signing in re-renders the current view; let that finish before the test navigates on.
  await page.waitForText('#notice', 'Signed in.');
  await page.waitForSelector('body:not([data-routing])');
}

test('browse, search, paginate and open a listing with its images and author', async () => {
  await open();
  assert.equal(await page.count('li.listing'), 12);
  assert.match(await page.text('#page'), /^Page 1 of 5 \(54 listings\)/);
  await page.click('#next');
  await page.waitForText('#page', 'Page 2 of 5');
  await page.fill('#search input[name=keywords]', 'kayak');
  await page.click('#search button');
  await page.waitForText('#page', 'Page 1 of');
  const titles = await page.texts('li.listing strong');
  assert.ok(titles.length > 0 && titles.every((t) => /kayak/i.test(t)), titles.join(', '));
  await page.click('li.listing');
  await page.waitForSelector('#listing-title');
  assert.match(await page.text('#listing-title'), /kayak/i);
  assert.ok(await page.count('.gallery img') >= 1, 'the listing shows its images');
  assert.match(await page.text('#author'), /^by \w+ \w\.$/);
  await shot('listing');
  assert.deepEqual(await page.pageErrors(), []);
});

test('sign in, survive token expiry and a reload, edit the profile, sign out', async () => {
  await open();
  assert.match(await page.text('#auth'), /^Anonymous/);
  await signIn();
  await control('expire-access-tokens');
  await page.reload();
  await page.waitForText('#auth', 'alice@example.com');
  const log = await (await control('requests', 'GET')).json();
  assert.ok(log.some((r) => r.grantType === 'refresh_token'), 'the expired token was refreshed');

  await page.click('#nav-me');
  await page.waitForSelector('#profile');
  await page.fill('#profile input[name=displayName]', 'Alice Wonder');
  await page.click('#profile button');
  await page.waitForText('#auth', 'Alice Wonder');
  await page.waitForText('#notice', 'Profile saved');
  await page.reload();
  await page.waitForText('#auth', 'Signed in as Alice Wonder');
  await shot('signed-in');

  await page.click('#logout');
  await page.waitForText('#auth', 'Anonymous');
  const after = await (await control('requests', 'GET')).json();
  assert.ok(after.some((r) => r.path === '/v1/auth/revoke'), 'logout revoked the session');
  assert.deepEqual(await page.pageErrors(), []);
});

test('own listings: a draft with an uploaded image (progress shown), published, then closed', async () => {
  await open();
  await signIn();
  await page.click('#nav-me');
  await page.waitForSelector('#create');
  await page.fill('#create input[name=title]', 'Tandem bicycle');
  await page.fill('#create textarea[name=description]', 'For two riders');
  await page.setFile('#create input[name=image]', PNG_FILE);
  await page.click('#create button');
  await page.waitForText('#notice', 'Draft created');
  assert.equal(await page.evaluate(() => document.querySelector('#upload-progress').getAttribute('value')), '100');
  const row = '#own-listings tr[data-title="Tandem bicycle"]';
  assert.equal(await page.text(`${row} .state`), 'draft');
  assert.match(await page.text(row), /1 image/);
  const uploads = (await (await control('requests', 'GET')).json()).filter((r) => r.path === '/v1/api/images/upload');
  assert.equal(uploads.length, 1, 'the image went up as a multipart upload');

  await page.click(`${row} button`, 'Publish');
  await page.waitForText(`${row} .state`, 'published');
  await page.click('a[href="#/"]');
  await page.fill('#search input[name=keywords]', 'tandem');
  await page.click('#search button');
  await page.waitForText('li.listing strong', 'Tandem bicycle');

  await page.click('#nav-me');
  await page.click(`${row} button`, 'Close');
  await page.waitForText(`${row} .state`, 'closed');
  await shot('own-listings');
  assert.deepEqual(await page.pageErrors(), []);
});

test('an inquiry with messages, and the transaction state, for both parties', async () => {
  await open();
  await signIn();
  await page.goto(`${SANDBOX}/#/listing/${BOBS_LISTING}`);
  await page.waitForSelector('#inquire');
  await page.fill('#inquire textarea', 'Can I pick it up on Friday?');
  await page.click('#inquire button');
  await page.waitForSelector('#tx-state');
  assert.equal(await page.text('#tx-state'), 'transition/inquire-without-payment');
  await page.waitForText('#messages li', 'Can I pick it up on Friday?');
  await page.fill('#send input[name=content]', 'Around noon works for me.');
  await page.click('#send button');
  await page.waitForText('#messages li', 'Around noon');
  await shot('transaction');

  // Bob sees it in his inbox after signing in in the same browser.
  await page.click('#logout');
  await page.waitForText('#auth', 'Anonymous');
  await signIn('bob');
  await page.click('#nav-inbox');
  await page.click('#inbox a');
  await page.waitForText('#messages li', 'Around noon');
  assert.equal(await page.text('#tx-state'), 'transition/inquire-without-payment');

  // His own listing offers no inquiry.
  await page.goto(`${SANDBOX}/#/listing/${BOBS_LISTING}`);
  await page.waitForText('body', 'This is your listing.');
  assert.deepEqual(await page.pageErrors(), []);
});

test('the chosen token store is visible and keeps the session across a reload', async () => {
  await open();
  // Picking a store saves the choice and reloads the app with it.
  await page.expectNewDocument(() => page.select('#store', 'local'));
  await page.waitForSelector('li.listing');
  assert.equal(await page.value('#store'), 'local');
  await signIn('carol');
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('sandbox-client-id')));
  assert.equal(stored.length, 1, 'the session is in localStorage');
  const cookies = await page.cookies();
  assert.ok(!cookies.some((c) => decodeURIComponent(c.value).includes('refresh_token')), 'and not in a cookie');
  await page.reload();
  await page.waitForText('#auth', 'carol@example.com');
  assert.deepEqual(await page.pageErrors(), []);
});

test('errors show a message a user understands and keep the page usable', async () => {
  await open();
  await page.fill('#login input[name=password]', 'wrong');
  await page.click('#login button');
  await page.waitForText('#error', 'Wrong email or password.');
  assert.match(await page.text('#auth'), /^Anonymous/);

  await control('faults', 'POST', { status: 503, count: 1, path: '/v1/api/listings/query' });
  await page.click('#next');
  await page.waitForText('#error', 'The marketplace is having trouble (503)');
  await page.click('#next');
  await page.waitForText('#page', 'Page 2 of 5');
  assert.equal(await page.text('#error'), '');
  await shot('error');
});
