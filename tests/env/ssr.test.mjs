// A webpack 5 app with Express server-side rendering (renderToString) and @loadable/component
// code splitting, shaped like the Sharetribe Web Template, hydrated in headless Chromium: the
// listing list is rendered on the server and refreshed on the client, the page stays
// interactive with zero console errors, and one session cookie is shared by browser and server
// with either SDK on either side (ours in Node with expressCookieStore, the official in Node
// with its own; ours and the official in the browser with the default cookie store).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import webpack from 'webpack';
import { ENV, OFFICIAL_DIR, SANDBOX, control, installPackage, launchChromium, startServer, watchedPage } from './support.mjs';

const APP = join(ENV, 'ssr-app');
let server;
let browser;

function build() {
  return new Promise((resolve, reject) => {
    import(join(APP, 'webpack.config.cjs')).then(({ default: configs }) => {
      webpack(configs.map((c) => ({ ...c, context: APP })), (err, stats) => {
        if (err) return reject(err);
        if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
        resolve(stats);
      });
    }, reject);
  });
}

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  installPackage();
  await build();
  server = await startServer(APP, ['server.cjs', SANDBOX, OFFICIAL_DIR]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.child.kill();
});

test('the client bundle is split: the listings chunk is its own file and imports the package', async () => {
  const stats = JSON.parse(await (await fetch(`${server.url}/static/loadable-stats.json`)).text());
  assert.ok(stats.namedChunkGroups.listings, 'a listings chunk');
  assert.ok(stats.assets.some((a) => a.name.endsWith('.wasm')), 'webpack emitted the .wasm as an asset');
});

test('server-rendered listings, hydrated and refreshed on the client, zero console errors', async () => {
  await control('POST', 'reset');
  const html = await (await fetch(server.url)).text();
  const titles = [...html.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]);
  assert.equal(titles.length, 3, `the server rendered three listings: ${html.slice(0, 400)}`);
  assert.match(html, /server sees nobody/);

  const context = await browser.newContext();
  const { page, errors } = await watchedPage(context);
  await page.goto(server.url);
  await page.waitForFunction(() => window.__hydrated === true, null, { timeout: 20_000 });
  assert.deepEqual(await page.locator('#listings li').allTextContents(), titles, 'hydration kept the server HTML');
  await page.click('#refresh');
  await page.waitForFunction(() => document.getElementById('note').textContent.startsWith('refreshed'), null, { timeout: 20_000 });
  assert.equal(await page.textContent('#note'), 'refreshed on the client: 5 listings, ids are UUIDs: true');
  assert.equal(await page.locator('#listings li').count(), 5);
  assert.equal(await page.textContent('#variant'), 'w:640;h:480;fit:scale');
  // The instance made before the module loaded has the shape of one made after.
  const shapes = await page.evaluate(() => {
    const shape = (sdk) => Object.keys(sdk).sort().map((k) => (typeof sdk[k] === 'function' ? k : `${k}: ${Object.keys(sdk[k]).sort()}`));
    const later = window.__createInstance({ clientId: 'sandbox-client-id', baseUrl: window.__INITIAL__.sandbox });
    return { early: shape(window.__sdk), later: shape(later) };
  });
  assert.ok(shapes.early.length > 30, `${shapes.early.length} members`);
  assert.deepEqual(shapes.early, shapes.later);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a login in the browser (ours) is the server\'s session on the next load (ours and the official in Node)', async () => {
  await control('POST', 'reset');
  const context = await browser.newContext();
  const { page, errors } = await watchedPage(context);
  await page.goto(server.url);
  await page.waitForFunction(() => window.__hydrated === true, null, { timeout: 20_000 });
  await page.click('#login');
  await page.waitForFunction(() => document.getElementById('note').textContent.includes('signed in'), null, { timeout: 20_000 });
  await page.reload();
  await page.waitForFunction(() => window.__hydrated === true, null, { timeout: 20_000 });
  assert.equal(await page.textContent('#server-user'), 'server sees alice@example.com');
  const official = await page.evaluate(() => fetch('/official/whoami').then((r) => r.json()));
  assert.deepEqual(official, { email: 'alice@example.com' }, 'the official SDK in Node reads our cookie');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a login by the official SDK in the browser is our server\'s session', async () => {
  await control('POST', 'reset');
  const context = await browser.newContext();
  const { page, errors } = await watchedPage(context);
  await page.goto(server.url);
  await page.waitForFunction(() => window.__hydrated === true, null, { timeout: 20_000 });
  await page.addScriptTag({ url: '/official.js' });
  await page.evaluate(async (sandbox) => {
    const sdk = window.sharetribeSdk.createInstance({ clientId: 'sandbox-client-id', baseUrl: sandbox });
    await sdk.login({ username: 'bob@example.com', password: 'bob-password' });
  }, SANDBOX);
  await page.reload();
  await page.waitForFunction(() => window.__hydrated === true, null, { timeout: 20_000 });
  assert.equal(await page.textContent('#server-user'), 'server sees bob@example.com');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a login on the server (ours, expressCookieStore) is the session of both SDKs in the browser', async () => {
  await control('POST', 'reset');
  const context = await browser.newContext();
  const { page, errors } = await watchedPage(context);
  await page.goto(server.url);
  await page.waitForFunction(() => window.__hydrated === true, null, { timeout: 20_000 });
  const login = await page.evaluate(() => fetch('/server-login', { method: 'POST' }).then((r) => r.json()));
  assert.deepEqual(login, { email: 'carol@example.com' });
  await page.click('#whoami');
  await page.waitForFunction(() => document.getElementById('note').textContent.startsWith('client sees'), null, { timeout: 20_000 });
  assert.equal(await page.textContent('#note'), 'client sees carol@example.com', 'our SDK in the browser');
  await page.addScriptTag({ url: '/official.js' });
  const officialEmail = await page.evaluate(async (sandbox) => {
    const sdk = window.sharetribeSdk.createInstance({ clientId: 'sandbox-client-id', baseUrl: sandbox });
    const me = await sdk.currentUser.show();
    return me.data.data.attributes.email;
  }, SANDBOX);
  assert.equal(officialEmail, 'carol@example.com', 'the official SDK in the browser');
  await page.reload();
  await page.waitForFunction(() => window.__hydrated === true, null, { timeout: 20_000 });
  assert.equal(await page.textContent('#server-user'), 'server sees carol@example.com');
  assert.deepEqual(errors, []);
  await context.close();
});
