// No per-call leak: 10,000 calls with `timeout` and 10,000 without, each a third succeeding, a
// third failing at the server and a third refused before sending, in headless Chromium against
// the sandbox. After a warm-up, wasm memory may grow by at most one 64 KB page and the JS
// heap (measured after `gc()`, Chromium started with --expose-gc) must stay within a small
// bound. A closure or timer kept per call shows as linear growth: 10,000 calls leaking 100
// bytes each is 1 MB, and even one leaked allocation a call (16 bytes at least) is 160 KB,
// three pages. The one page is the allocator's high-water mark, which 50 calls in flight at
// a time reach at a moment that depends on the order their answers arrive in: 40,000 calls
// with `timeout` grew the memory by that one page once, somewhere after the first 10,000.
//
// Run by `cargo xtask test` with SANDBOX_URL pointing at a sandbox that serves pkg/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const SANDBOX = process.env.SANDBOX_URL;
const CALLS = Number(process.env.MEMORY_CALLS || 10000);
/** JS heap growth allowed over the measured calls of one kind. */
const HEAP_BOUND = 512 * 1024;
/** Wasm memory growth allowed over the measured calls of one kind: one page (see above). */
const WASM_PAGE = 64 * 1024;

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
    // The instance the package makes, caught as it is made: its memory is the SDK's (the
    // package's index.js bundles the glue, so no other module holds it).
    let wasm;
    for (const name of ['instantiateStreaming', 'instantiate']) {
      const original = WebAssembly[name];
      WebAssembly[name] = async (...args) => {
        const made = await original(...args);
        wasm ??= made.instance.exports;
        return made;
      };
    }
    const ours = await import(`${sandbox}/pkg/index.js`);
    await ours.ready();
    if (!wasm) throw new Error('the package made no WebAssembly instance');
    window.measure = () => {
      gc();
      gc();
      // The export's name is minified in the package: the one WebAssembly.Memory it exports.
      const memory = Object.values(wasm).find((v) => v instanceof WebAssembly.Memory);
      return { wasm: memory.buffer.byteLength, heap: performance.memory.usedJSHeapSize };
    };
    const make = (extra) => ours.createInstance({
      clientId: 'sandbox-client-id', baseUrl: sandbox, tokenStore: ours.tokenStore.memoryStore(), ...extra,
    });
    const plain = make({});
    const timed = make({ timeout: 5000 });
    const uuid = new ours.types.UUID('00000000-0000-4000-8000-00000000dead');
    const cyclic = {};
    cyclic.self = cyclic;
    // Call i succeeds (a query answered 200), fails at the server (a 404 api-error) or fails
    // before any request (a cycle in the params), in turn.
    const mixed = (sdk) => (i) => [
      () => sdk.listings.query({ perPage: 1 }),
      () => sdk.listings.show({ id: uuid }),
      () => sdk.listings.query(cyclic),
    ][i % 3]();
    const kinds = { 'no timeout': mixed(plain), 'timeout 5000': mixed(timed) };
    window.run = async (kind, calls) => {
      const batch = 50;
      const failures = {};
      for (let i = 0; i < calls; i += batch) {
        const results = await Promise.allSettled(Array.from({ length: batch }, (_, j) => kinds[kind](i + j)));
        for (const r of results) {
          const key = r.status === 'fulfilled' ? 'ok' : r.reason.code;
          failures[key] = (failures[key] || 0) + 1;
        }
      }
      return failures;
    };
    window.kinds = Object.keys(kinds);
  }, SANDBOX);
});

after(async () => {
  await browser?.close();
});

test(`${CALLS} calls with and without timeout leave wasm memory within one page and the JS heap within ${HEAP_BOUND / 1024} KB`, async () => {
  const kinds = await page.evaluate(() => window.kinds);
  for (const kind of kinds) {
    await page.evaluate((kind) => window.run(kind, 600), kind); // warm-up
    const before = await page.evaluate(() => window.measure());
    const outcomes = await page.evaluate(({ kind, calls }) => window.run(kind, calls), { kind, calls: CALLS });
    const after = await page.evaluate(() => window.measure());
    const third = Math.floor(CALLS / 3);
    assert.ok(outcomes.ok >= third && outcomes['api-error'] >= third && outcomes['invalid-params'] >= third,
      `${kind}: ${JSON.stringify(outcomes)}`);
    const line = `${kind}: ${JSON.stringify(outcomes)}; wasm ${before.wasm} → ${after.wasm} bytes, JS heap ${before.heap} → ${after.heap} (${after.heap - before.heap >= 0 ? '+' : ''}${after.heap - before.heap})`;
    console.log(line);
    assert.ok(after.wasm - before.wasm <= WASM_PAGE, `${kind}: wasm memory grew ${after.wasm - before.wasm} bytes`);
    assert.ok(after.heap - before.heap < HEAP_BOUND, `${kind}: JS heap grew ${after.heap - before.heap} bytes`);
  }
});
