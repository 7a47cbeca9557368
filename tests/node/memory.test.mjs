// No per-call leak: 10,000 calls with and without `timeout`, succeeding and failing, in headless
// Chromium against the sandbox. After a warm-up, wasm memory must not grow at all and the JS
// heap (measured after `gc()`, Chromium started with --expose-gc) must stay within a small
// bound. A closure or timer kept per call shows as linear growth: 10,000 calls leaking 100
// bytes each is 1 MB.
//
// Run by `cargo xtask test` with SANDBOX_URL pointing at a sandbox that serves pkg/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const SANDBOX = process.env.SANDBOX_URL;
const CALLS = Number(process.env.MEMORY_CALLS || 10000);
/** JS heap growth allowed over the measured calls of one kind. */
const HEAP_BOUND = 512 * 1024;

let browser;
let page;

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--js-flags=--expose-gc', '--enable-precise-memory-info'],
  });
  page = await browser.newPage();
  await page.goto(`${SANDBOX}/_sandbox/health`);
  await page.evaluate(async (sandbox) => {
    const ours = await import(`${sandbox}/pkg/index.js`);
    // The glue's init returns the instance it already made: its memory is the SDK's.
    const glue = await import(`${sandbox}/pkg/sharetribe_sdk.js`);
    const wasm = await glue.default();
    window.measure = () => {
      gc();
      gc();
      return { wasm: wasm.memory.buffer.byteLength, heap: performance.memory.usedJSHeapSize };
    };
    const make = (extra) => ours.createInstance({
      clientId: 'sandbox-client-id', baseUrl: sandbox, tokenStore: ours.tokenStore.memoryStore(), ...extra,
    });
    const plain = make({});
    const timed = make({ timeout: 5000 });
    const kinds = {
      // A query answered 200.
      'success, no timeout': () => plain.listings.query({ perPage: 1 }),
      'success, timeout': () => timed.listings.query({ perPage: 1 }),
      // A 404 api-error, and params refused before any request.
      'api-error, no timeout': () => plain.listings.show({ id: new ours.types.UUID('00000000-0000-4000-8000-00000000dead') }),
      'api-error, timeout': () => timed.listings.show({ id: new ours.types.UUID('00000000-0000-4000-8000-00000000dead') }),
      'invalid-params, timeout': () => { const o = {}; o.o = o; return timed.listings.query(o); },
    };
    window.run = async (kind, calls) => {
      const batch = 50;
      let failures = 0;
      for (let i = 0; i < calls; i += batch) {
        const results = await Promise.allSettled(Array.from({ length: batch }, kinds[kind]));
        failures += results.filter((r) => r.status === 'rejected').length;
      }
      return failures;
    };
    window.kinds = Object.keys(kinds);
  }, SANDBOX);
});

after(async () => {
  await browser?.close();
});

test(`${CALLS} calls of each kind leave wasm memory unchanged and the JS heap within ${HEAP_BOUND / 1024} KB`, async () => {
  const kinds = await page.evaluate(() => window.kinds);
  const report = [];
  for (const kind of kinds) {
    const expectFailures = !kind.startsWith('success');
    await page.evaluate((kind) => window.run(kind, 1000), kind); // warm-up
    const before = await page.evaluate(() => window.measure());
    const failures = await page.evaluate(({ kind, calls }) => window.run(kind, calls), { kind, calls: CALLS });
    const after = await page.evaluate(() => window.measure());
    assert.equal(failures, expectFailures ? CALLS : 0, `${kind}: failures`);
    const line = `${kind}: wasm ${before.wasm} → ${after.wasm} bytes, JS heap ${before.heap} → ${after.heap} (${after.heap - before.heap >= 0 ? '+' : ''}${after.heap - before.heap})`;
    report.push(line);
    console.log(line);
    assert.equal(after.wasm, before.wasm, `${kind}: wasm memory grew`);
    assert.ok(after.heap - before.heap < HEAP_BOUND, `${kind}: JS heap grew ${after.heap - before.heap} bytes`);
  }
});
