// The safety net for wasm traps (issue 9, point 3), in Node and in headless Chromium, against
// the package built with the `test-trap` feature (`cargo xtask test` builds it into
// target/pkg-trap/ and passes its folder as TRAP_PKG_DIR): there `call` traps (`unreachable`)
// on params with a `__testTrap` key, a real trap of the real module. The call must reject with
// an `internal` SdkError, and afterwards every SDK object, old or new, must work, with its
// session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './support.mjs';

const SANDBOX = process.env.SANDBOX_URL;
const PKG = process.env.TRAP_PKG_DIR;
/** More than the wasm stack survives when each trap leaks a frame. */
const TRAPS_PER_ROUND = 1500;
const config = () => ({ clientId: 'sandbox-client-id', baseUrl: SANDBOX });

test('a trap rejects with `internal`; old and new SDK objects work afterwards, sessions kept', async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  assert.ok(PKG, 'TRAP_PKG_DIR must name the package built with --features test-trap');
  const sdk = createRequire(import.meta.url)(join(PKG, 'index.cjs'));

  const anonymous = sdk.createInstance(config());
  // The default store (Node: no cookies) and a store the app passes.
  const loggedIn = sdk.createInstance(config());
  const store = sdk.tokenStore.memoryStore();
  const withStore = sdk.createInstance({ ...config(), tokenStore: store });
  await loggedIn.login({ username: 'alice@example.com', password: 'alice-password' });
  await withStore.login({ username: 'alice@example.com', password: 'alice-password' });
  assert.equal((await anonymous.listings.query({ perPage: 1 })).status, 200);

  // A trap leaves the instance as it was when it stopped: here the wasm stack pointer not
  // restored, so without a fresh instance ~1,000 traps would exhaust the stack and disable the
  // module, as the issue saw with exceptions. Rounds of many traps show each one is recovered.
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < TRAPS_PER_ROUND; i++) {
      const trapped = await anonymous.listings.query({ __testTrap: true }).then(
        () => assert.fail('the trapping call resolved'),
        (error) => error,
      );
      assert.equal(trapped.name, 'SdkError');
      assert.equal(trapped.code, 'internal');
      assert.match(trapped.message, /restarted/);
      assert.ok(trapped.cause instanceof WebAssembly.RuntimeError, `cause: ${trapped.cause}`);
      assert.doesNotMatch(trapped.message, /access_token|refresh_token|alice-password/);
    }

    // The object whose call trapped, another one, and one made after the trap.
    const fresh = sdk.createInstance(config());
    for (const instance of [anonymous, loggedIn, fresh]) {
      const res = await instance.listings.query({ perPage: 1 });
      assert.equal(res.status, 200);
      assert.ok(Array.isArray(res.data.data));
    }
    for (const instance of [loggedIn, withStore]) {
      const info = await instance.authInfo();
      assert.equal(info.isAnonymous, false, `round ${round}: logged out by the trap`);
      assert.equal((await instance.currentUser.show()).status, 200);
    }
    assert.equal((await anonymous.authInfo()).isAnonymous, true);
    // The synchronous helpers use the fresh instance too.
    assert.equal(sdk.util.queryString({ a: 1 }), 'a=1');
  }
});

test('in Chromium: the same recovery from the module compiled by the asynchronous load', async () => {
  assert.ok(SANDBOX && PKG, 'SANDBOX_URL and TRAP_PKG_DIR must be set');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // The test package, served from the sandbox's origin (so the cookie store and requests
    // are same-origin, as in an app).
    await page.route(`${SANDBOX}/trap-pkg/**`, (route) => {
      const file = new URL(route.request().url()).pathname.slice('/trap-pkg/'.length);
      const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
      return route.fulfill({ body: readFileSync(join(PKG, file)), contentType: type });
    });
    await page.goto(`${SANDBOX}/_sandbox/health`);
    const result = await page.evaluate(async ({ sandbox, traps }) => {
      const sdk = await import(`${sandbox}/trap-pkg/index.js`);
      const config = { clientId: 'sandbox-client-id', baseUrl: sandbox };
      const old = sdk.createInstance(config); // before the module has loaded
      await old.login({ username: 'alice@example.com', password: 'alice-password' });
      const codes = new Set();
      for (let i = 0; i < traps; i++) {
        await old.listings.query({ __testTrap: true }).then(() => codes.add('resolved'), (e) => codes.add(e.code));
      }
      const fresh = sdk.createInstance(config);
      return {
        codes: [...codes],
        statuses: [(await old.listings.query({ perPage: 1 })).status, (await fresh.listings.query({ perPage: 1 })).status],
        loggedIn: [(await old.authInfo()).isAnonymous, (await fresh.authInfo()).isAnonymous],
        queryString: sdk.util.queryString({ a: 1 }),
      };
    }, { sandbox: SANDBOX, traps: TRAPS_PER_ROUND });
    assert.deepEqual(result, { codes: ['internal'], statuses: [200, 200], loggedIn: [false, false], queryString: 'a=1' });
  } finally {
    await browser.close();
  }
});
