// Generated JS values fed to every public function of the package in headless Chromium against
// the sandbox: cycles, deep nesting, Proxies with throwing traps, throwing getters, Symbols,
// BigInt, huge strings, sparse arrays, class instances, DOM nodes, frozen objects, mixed
// into plausible params. Only SdkErrors may come out (async methods reject, never throw), and a
// normal call works after each value. Also, caller values reach the wasm as one JSON text
// (js/sdk.js `encodeValue`) by the engine's `JSON.stringify` where it can and by a walk in JS
// elsewhere: for every value, `transit.write` through both must give the same text or the same
// SdkError. Seeded: a failure prints the seed and the value's index.
//
// Run by `cargo xtask test` with SANDBOX_URL pointing at a sandbox that serves pkg/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './support.mjs';

const SANDBOX = process.env.SANDBOX_URL;
const SEED = Number(process.env.FUZZ_SEED || 20261201);
const VALUES = Number(process.env.FUZZ_VALUES || 3000);

let browser;
let page;

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${SANDBOX}/_sandbox/health`);
  await page.evaluate(async (sandbox) => {
    window.ours = await import(`${sandbox}/pkg/index.js`);
    await window.ours.ready();
  }, SANDBOX);
});

after(async () => {
  await browser?.close();
});

test(`${VALUES} generated values through every public function give only SdkErrors (seed ${SEED})`, { timeout: 600000 }, async () => {
  const report = await page.evaluate(async ({ seed, count, sandbox }) => {
    const ours = window.ours;
    // mulberry32: small, seedable.
    let state = seed >>> 0;
    const random = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = (list) => list[Math.floor(random() * list.length)];
    class Thing { constructor() { this.a = 1; } get b() { return 2; } }
    const nested = (depth, make) => { let v = 1; for (let i = 0; i < depth; i++) v = make(v); return v; };
    const leaves = [
      () => undefined, () => null, () => true, () => 0, () => -0, () => NaN, () => Infinity,
      () => 1e308, () => Number.MAX_SAFE_INTEGER + 2, () => '', () => 'text', () => '\u0000\ud800',
      () => 'x'.repeat(1 << (10 + Math.floor(random() * 10))), () => Symbol('s'), () => 10n,
      () => () => 1, () => new Date(NaN), () => new Date(0), () => new Thing(), () => new Map([[1, 2]]),
      () => new Set([1]), () => /re/g, () => new Uint8Array(3), () => new ArrayBuffer(2),
      () => document.createElement('div'), () => document.body, () => window.location,
      () => new Blob(['x']), () => new ours.types.UUID(5), () => new ours.types.Money('1', 2),
      () => new ours.types.LatLng(1, 'x'), () => ({ _sdkType: 'Nope' }), () => Object.freeze({ a: [1] }),
      () => { const a = [1]; a.length = 2 ** 32 - 1; return a; }, () => { const a = []; a[1000] = 1; return a; },
      () => nested(300 + Math.floor(random() * 5000), (v) => [v]),
      () => nested(300 + Math.floor(random() * 5000), (v) => ({ v })),
      () => { const o = { a: {} }; o.a.back = o; return o; },
      () => { const a = []; a.push(a); return a; },
      () => new Proxy({}, { ownKeys() { throw new Error('ownKeys'); } }),
      () => new Proxy({ a: 1 }, { get() { throw new Error('get'); } }),
      () => new Proxy([], { get(t, k) { if (k === 'length') throw new Error('length'); return t[k]; } }),
      () => new Proxy({}, { getPrototypeOf() { throw new Error('proto'); } }),
      () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; },
      () => ({ get a() { throw new Error('getter'); } }),
      () => Object.create(null),
      () => ({ then() { throw new Error('then'); } }),
    ];
    const value = (depth = 0) => {
      const r = random();
      if (depth > 3 || r < 0.5) return pick(leaves)();
      if (r < 0.75) return { [pick(['perPage', 'id', 'title', 'image', 'publicData', '__proto__', 'include'])]: value(depth + 1), b: value(depth + 1) };
      return [value(depth + 1), value(depth + 1)];
    };
    const sdk = ours.createInstance({ clientId: 'sandbox-client-id', baseUrl: sandbox, tokenStore: ours.tokenStore.memoryStore() });
    const targets = [
      ['listings.query', (v) => sdk.listings.query(v)],
      ['listings.query opts', (v) => sdk.listings.query({ perPage: 1 }, v)],
      ['ownListings.create', (v) => sdk.ownListings.create(v, v, v)],
      ['images.upload', (v) => sdk.images.upload(v, undefined, v)],
      ['login', (v) => sdk.login(v)],
      ['loginAs', (v) => sdk.loginAs(v)],
      ['assetByAlias', (v) => sdk.assetByAlias(v)],
      ['assetsByVersion', (v) => sdk.assetsByVersion(v)],
      ['transit.read', (v) => ours.transit.read(v)],
      ['transit.write', (v) => ours.transit.write(v, v)],
      ['util.queryString', (v) => ours.util.queryString(v)],
      ['util.objectQueryString', (v) => ours.util.objectQueryString(v)],
      ['file.metadata', (v) => ours.file.metadata(v)],
      ['file.upload', (v) => ours.file.upload(v)],
      ['createInstance', (v) => ours.createInstance(v)],
      ['createInstance field', (v) => ours.createInstance({ clientId: 'sandbox-client-id', baseUrl: sandbox, timeout: v })],
      ['createInstance store', (v) => ours.createInstance({ clientId: 'sandbox-client-id', baseUrl: sandbox, tokenStore: v }).listings.query({})],
      ['types.toType', (v) => ours.types.toType(v)],
    ];
    const problems = [];
    // An instance of a class is not a plain object: the walk writes it, and all it holds.
    class Walked {}
    const written = (v) => {
      try {
        return ours.transit.write(v);
      } catch (error) {
        return `${error.name} ${error.code}`;
      }
    };
    const isSdkError = (e) => e instanceof Error && e.name === 'SdkError' && typeof e.code === 'string';
    for (let i = 0; i < count && problems.length < 5; i++) {
      const v = value();
      const fast = written({ v });
      const walked = written(Object.assign(new Walked(), { v }));
      if (fast !== walked) problems.push(`#${i} transit.write: JSON.stringify path ${fast.slice(0, 200)}, walk ${walked.slice(0, 200)}`);
      const [name, run] = targets[i % targets.length];
      let outcome;
      try {
        outcome = run(v);
      } catch (error) {
        if (name.startsWith('listings') || name.startsWith('own') || name.startsWith('images') || name.startsWith('login') || name.startsWith('asset')) {
          problems.push(`#${i} ${name}: threw synchronously: ${error}`);
        } else if (!isSdkError(error)) {
          problems.push(`#${i} ${name}: threw a non-SdkError: ${error}`);
        }
        continue;
      }
      // Only the async functions' results are awaited (toType may return the value it got).
      if (!name.startsWith('types') && !name.startsWith('transit') && !name.startsWith('util') && outcome instanceof Promise) {
        try {
          await outcome;
        } catch (error) {
          if (!isSdkError(error)) problems.push(`#${i} ${name}: rejected with a non-SdkError: ${error}`);
        }
      }
      if (i % 50 === 0) {
        try {
          const ok = await sdk.listings.query({ perPage: 1 });
          if (ok.status !== 200) problems.push(`#${i}: a normal call answered ${ok.status}`);
          ours.util.queryString({ a: 1 });
        } catch (error) {
          problems.push(`#${i} after ${name}: a normal call failed: ${error}`);
        }
      }
    }
    const last = await sdk.listings.query({ perPage: 1 });
    return { problems, lastStatus: last.status };
  }, { seed: SEED, count: VALUES, sandbox: SANDBOX });
  assert.deepEqual(report.problems, [], `seed ${SEED}`);
  assert.equal(report.lastStatus, 200);
});
