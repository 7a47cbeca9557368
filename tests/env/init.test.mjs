// Loading in a browser, by hand: before the module is there the synchronous helpers say so
// (`not-loaded`) and SDK calls wait; `init(...)` takes a Response promise, bytes, a compiled
// module or a URL; a failed load is retried; and a Content-Security-Policy without
// 'wasm-unsafe-eval' gives a clear `not-loaded` error while one with it works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { listenLocal, sendFile } from '../node/static_files.mjs';
import { ENV, SANDBOX, installPackage, launchChromium, watchedPage } from './support.mjs';

const PKG = join(ENV, 'node_modules/sharetribe-sdk-wasm');
const STRICT = "default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src *";
let server;
let origin;
let browser;

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  installPackage();
  // /pkg/… serves the installed package; /page?csp=… an empty page under that policy.
  server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/page') {
      const csp = url.searchParams.get('csp');
      res.writeHead(200, { 'content-type': 'text/html', ...(csp ? { 'content-security-policy': csp } : {}) });
      return res.end('<!doctype html><title>init</title>');
    }
    sendFile(res, PKG, url.pathname.replace(/^\/pkg\//, ''));
  });
  origin = await listenLocal(server);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Runs `fn(sdk, sandbox)` in a fresh page that imported the package; its result. */
async function inPage(fn, csp = '') {
  const context = await browser.newContext();
  const { page, errors } = await watchedPage(context);
  await page.goto(`${origin}/page?csp=${encodeURIComponent(csp)}`);
  // An expression, evaluated through the DevTools protocol: no eval in the page, so a strict
  // CSP applies to the package only.
  const result = await page.evaluate(`(async () => {
    const sdk = await import('/pkg/index.js');
    return (${fn.toString()})(sdk, ${JSON.stringify(SANDBOX)});
  })()`);
  await context.close();
  return { result, errors };
}

test('before the module loads: helpers throw not-loaded, createInstance works and its calls wait', async () => {
  const { result } = await inPage(async (sdk, sandbox) => {
    let early;
    try {
      sdk.util.objectQueryString({ w: 1 });
      early = 'no error';
    } catch (e) {
      early = `${e.name} ${e.code}`;
    }
    // transit.read is JavaScript: it works before the module is there.
    const readEarly = sdk.transit.read('["^ ","~:id","~uabc"]').id instanceof sdk.types.UUID;
    const instance = sdk.createInstance({ clientId: 'sandbox-client-id', baseUrl: sandbox, tokenStore: sdk.tokenStore.browserCookieStore({ clientId: 'sandbox-client-id' }) });
    // Made before the module is there: the config error comes with the first call.
    const typo = sdk.createInstance({ clientID: 'typo' });
    const listings = await instance.listings.query({ perPage: 2 });
    const bad = await typo.listings.query({}).catch((e) => `${e.code}: ${e.message}`);
    // Once loaded, createInstance throws at once, as the official SDK does.
    let thrown;
    try {
      sdk.createInstance({ clientID: 'typo' });
    } catch (e) {
      thrown = e.code;
    }
    return { early, readEarly, listings: listings.data.data.length, later: sdk.util.objectQueryString({ w: 1 }), bad, thrown };
  });
  assert.deepEqual(result, {
    early: 'SdkError not-loaded', readEarly: true, listings: 2, later: 'w:1',
    bad: 'invalid-config: Invalid SDK config: unknown setting `clientID`; did you mean `clientId`?', thrown: 'invalid-config',
  });
});

test('init takes a Response promise, bytes, a compiled module and a URL', async () => {
  const wasm = '/pkg/sharetribe_sdk_bg.wasm';
  const cases = {
    response: `(sdk) => sdk.init(fetch('${wasm}')).then(() => sdk.util.objectQueryString({ a: 1 }))`,
    bytes: `(sdk) => fetch('${wasm}').then((r) => r.arrayBuffer()).then((b) => sdk.init(new Uint8Array(b))).then(() => sdk.util.objectQueryString({ a: 1 }))`,
    module: `(sdk) => WebAssembly.compileStreaming(fetch('${wasm}')).then((m) => sdk.init(m)).then(() => sdk.util.objectQueryString({ a: 1 }))`,
    url: `(sdk) => sdk.init(new URL('${wasm}', location.href)).then(() => sdk.util.objectQueryString({ a: 1 }))`,
  };
  for (const [name, source] of Object.entries(cases)) {
    const { result, errors } = await inPage(source);
    assert.equal(result, 'a:1', `${name}: ${errors}`);
  }
});

test('a failed load is not the end: init with another URL afterwards works', async () => {
  const { result } = await inPage(async (sdk) => {
    const first = await sdk.init('/pkg/missing.wasm').then(() => 'loaded', (e) => `${e.code}`);
    await sdk.init('/pkg/sharetribe_sdk_bg.wasm');
    return { first, after: sdk.transit.write({ a: 1 }) };
  });
  assert.deepEqual(result, { first: 'not-loaded', after: '["^ ","~:a",1]' });
});

test("a CSP without 'wasm-unsafe-eval' gives a not-loaded error naming the cause; with it, calls work", async () => {
  const blocked = await inPage(async (sdk) => sdk.ready().then(() => 'loaded', (e) => `${e.code}: ${e.message}`), STRICT);
  assert.match(blocked.result, /^not-loaded: .*could not be loaded .*(CompileError|EvalError|unsafe-eval|Content Security Policy)/i);
  const allowed = await inPage(async (sdk, sandbox) => {
    const instance = sdk.createInstance({ clientId: 'sandbox-client-id', baseUrl: sandbox, tokenStore: sdk.tokenStore.memoryStore() });
    return (await instance.listings.query({ perPage: 1 })).data.data.length;
  }, STRICT.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"));
  assert.equal(allowed.result, 1, allowed.errors.join('\n'));
  assert.deepEqual(allowed.errors, []);
});
