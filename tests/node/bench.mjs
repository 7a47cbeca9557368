// Benchmarks: this SDK against sharetribe-flex-sdk 1.24.2, both loaded in the same headless
// Chromium page, against a running sandbox (SANDBOX_URL). Prints tables; never fails on timing.
//
//   cargo xtask bench
import { readFileSync, statSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import { join } from 'node:path';
import { launchChromium } from './support.mjs';
import { coldStart } from './bench_cold.mjs';

const SANDBOX = process.env.SANDBOX_URL;
const PKG = process.env.PKG_DIR;
if (!SANDBOX || !PKG) throw new Error('SANDBOX_URL and PKG_DIR must be set (cargo xtask bench does)');
const OFFICIAL = new URL('./node_modules/sharetribe-flex-sdk/build/sharetribe-flex-sdk-web.js', import.meta.url);

function sizeRow(name, files) {
  let raw = 0;
  let gz = 0;
  let br = 0;
  for (const f of files) {
    const bytes = readFileSync(f);
    raw += statSync(f).size;
    gz += gzipSync(bytes, { level: 9 }).length;
    br += brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { name, raw, gz, br };
}

function printTable(title, header, rows) {
  console.log(`\n${title}`);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

// Every file a browser loads from the package (xtask/src/package.rs BROWSER_FILES, as the size
// budget counts them).
const BROWSER_FILES = (process.env.PKG_BROWSER_FILES ?? '').split(',').filter(Boolean);
if (BROWSER_FILES.length === 0) throw new Error('PKG_BROWSER_FILES must be set (cargo xtask bench does)');
const ours = sizeRow('sharetribe-sdk-wasm (wasm + js)', BROWSER_FILES.map((f) => join(PKG, f)));
const official = sizeRow('sharetribe-flex-sdk 1.24.2 (web build)', [OFFICIAL]);
printTable('Package size (bytes)', ['package', 'raw', 'gzip -9', 'gzip ratio', 'brotli 11', 'brotli ratio'], [
  [official.name, official.raw, official.gz, '1.00', official.br, '1.00'],
  [ours.name, ours.raw, ours.gz, (ours.gz / official.gz).toFixed(2), ours.br, (ours.br / official.br).toFixed(2)],
]);

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await fetch(`${SANDBOX}/_sandbox/reset`, { method: 'POST' });
  await page.goto(`${SANDBOX}/_sandbox/health`);
  await page.addScriptTag({ path: OFFICIAL.pathname });
  const results = await page.evaluate(async (sandbox) => {
    const ours = await import(`${sandbox}/pkg/index.js`);
    await ours.ready();
    const theirs = window.sharetribeSdk;

    // A real 100-listing page with includes, as the sandbox serves it.
    const tokenRes = await fetch(`${sandbox}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_id=sandbox-client-id&grant_type=client_credentials&scope=public-read',
    });
    const { access_token } = await tokenRes.json();
    const text = await (await fetch(`${sandbox}/v1/api/listings/query?perPage=100&include=author,images`, {
      headers: { accept: 'application/transit+json', authorization: `Bearer ${access_token}` },
    })).text();

    // Median of `rounds` timings of `batch` runs each, in ms per run.
    const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    function time(fn, rounds, batch) {
      for (let i = 0; i < batch; i++) fn(); // warm-up
      const samples = [];
      for (let r = 0; r < rounds; r++) {
        const t0 = performance.now();
        for (let i = 0; i < batch; i++) fn();
        samples.push((performance.now() - t0) / batch);
      }
      return median(samples);
    }
    // Both SDKs' calls alternate round by round, so a slow spell of the shared sandbox or
    // machine lands on both sides rather than on one SDK's whole series: [theirs, ours] medians.
    async function timeBothAsync(fnA, fnB, rounds) {
      await fnA();
      await fnB();
      const a = [];
      const b = [];
      for (let r = 0; r < rounds; r++) {
        for (const [fn, samples] of r % 2 ? [[fnB, b], [fnA, a]] : [[fnA, a], [fnB, b]]) {
          const t0 = performance.now();
          await fn();
          samples.push(performance.now() - t0);
        }
      }
      return [median(a), median(b)];
    }

    const decodedTheirs = theirs.transit.read(text);
    const decodedOurs = ours.transit.read(text);
    const rows = [];
    rows.push(['transit.read, 100 listings + includes', `${(text.length / 1024).toFixed(0)} KB`,
      time(() => theirs.transit.read(text), 21, 10), time(() => ours.transit.read(text), 21, 10)]);
    rows.push(['transit.write, the same data', '',
      time(() => theirs.transit.write(decodedTheirs), 21, 10), time(() => ours.transit.write(decodedOurs), 21, 10)]);

    const config = { clientId: 'sandbox-client-id', baseUrl: sandbox };
    const sdkTheirs = theirs.createInstance({ ...config, tokenStore: theirs.tokenStore.memoryStore() });
    const sdkOurs = ours.createInstance({ ...config, tokenStore: ours.tokenStore.memoryStore() });
    const params = { perPage: 100, include: ['author', 'images'] };
    rows.push(['sdk.listings.query end to end (perPage 100)', 'sandbox',
      ...await timeBothAsync(() => sdkTheirs.listings.query(params), () => sdkOurs.listings.query(params), 31)]);
    const small = { perPage: 5 };
    rows.push(['sdk.listings.query end to end (perPage 5)', 'sandbox',
      ...await timeBothAsync(() => sdkTheirs.listings.query(small), () => sdkOurs.listings.query(small), 41)]);
    rows.push(['createInstance', '',
      time(() => theirs.createInstance({ ...config, tokenStore: theirs.tokenStore.memoryStore() }), 21, 20),
      time(() => ours.createInstance({ ...config, tokenStore: ours.tokenStore.memoryStore() }), 21, 20)]);
    return rows;
  }, SANDBOX);
  printTable('Speed: median ms per operation (lower is better), same page, same run', ['operation', 'input', 'official', 'ours', 'ours/official'],
    results.map(([name, input, a, b]) => [name, input, a.toFixed(3), b.toFixed(3), (b / a).toFixed(2)]));

  const cold = await coldStart(browser, { sandbox: SANDBOX, pkgDir: PKG, officialFile: OFFICIAL.pathname });
  printTable('Cold start: navigation to the first listings.query resolved, median ms of 5 (lower is better)',
    ['case', 'official', 'ours', 'ours/official'],
    cold.map(([name, a, b]) => [name, a.toFixed(0), b.toFixed(0), (b / a).toFixed(2)]));
} finally {
  await browser.close();
}
