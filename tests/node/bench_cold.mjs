// Cold-start benchmark: from navigation to the first `sdk.listings.query` resolved, for this SDK
// and for sharetribe-flex-sdk 1.24.2, each on a page of its own.
//
// The pages and the SDK files come from a small static server started here that compresses as
// a CDN would (brotli where the browser accepts it, else gzip; `Cache-Control: max-age`, ETag),
// so the repeat visit is served from the browser's HTTP cache. Besides the plain page of each
// SDK (one script tag or one module import), a third page loads ours with a preload hint for
// the `.wasm` in its <head>, which an app can add: the `.wasm` then downloads beside `index.js`
// instead of after it. A fourth page loads no SDK and makes the same two API requests with
// `fetch` (the anonymous token, then the query, whose text it reads): the floor under any SDK,
// which says how far below the official SDK's time a page can get at all. The API calls go to
// the sandbox. Each case runs on loopback and on a
// throttled network (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) set through the DevTools
// protocol, for a first visit (fresh context, empty cache) and a repeat visit (same context).
// Imported by bench.mjs; never fails on timing.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { join, extname, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** Network profiles: `null` is loopback as it is. */
const PROFILES = [
  ['loopback', null],
  ['throttled (150 ms RTT, 1.6 Mbit/s)', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  }],
];

/**
 * Serves `roots` (URL prefix → folder) and the bench pages on 127.0.0.1, compressed (brotli 11
 * where accepted, else gzip -9) with a one-hour cache lifetime. Resolves `{ url, close }`.
 */
function startStaticServer(roots, pages) {
  const cache = new Map();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let body = pages[path];
    let type = TYPES['.html'];
    if (body === undefined) {
      const prefix = Object.keys(roots).find((p) => path.startsWith(p));
      const file = prefix && normalize(join(roots[prefix], path.slice(prefix.length)));
      if (!file || !file.startsWith(roots[prefix]) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end();
        return;
      }
      body = readFileSync(file);
      type = TYPES[extname(file)] ?? 'application/octet-stream';
    }
    let entry = cache.get(path);
    if (!entry) {
      entry = {
        gzip: gzipSync(body, { level: 9 }),
        br: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
        etag: `"${cache.size}-${body.length}"`,
      };
      cache.set(path, entry);
    }
    const encoding = /\bbr\b/.test(req.headers['accept-encoding'] ?? '') ? 'br' : 'gzip';
    const etag = `${entry.etag.slice(0, -1)}-${encoding}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, vary: 'accept-encoding' }).end();
      return;
    }
    res.writeHead(200, {
      'content-type': type,
      'content-encoding': encoding,
      'cache-control': 'public, max-age=3600',
      vary: 'accept-encoding',
      etag,
      'access-control-allow-origin': '*',
    });
    res.end(entry[encoding]);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/**
 * The floor page's script: the requests an SDK makes for an anonymous `listings.query`, with
 * the same headers (an `Accept` that asks for Transit, the bearer token), and no decoding.
 */
function floorScript(sandbox) {
  return `<script>
    (async () => {
      const token = await fetch(${JSON.stringify(`${sandbox}/v1/auth/token`)}, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: 'client_id=sandbox-client-id&grant_type=client_credentials&scope=public-read',
      }).then((r) => r.json());
      const answer = await fetch(${JSON.stringify(`${sandbox}/v1/api/listings/query?perPage=5`)}, {
        headers: { accept: 'application/transit+json', authorization: \`Bearer \${token.access_token}\` },
      });
      if (!answer.ok) throw new Error(\`status \${answer.status}\`);
      await answer.text();
      window.__coldStart = performance.now();
    })().catch((e) => { window.__coldStart = -1; console.error(e); });
  </script>`;
}

/**
 * The page for one SDK (`official`, `ours`, or `ours-preload`: ours with
 * `<link rel="preload" as="fetch" crossorigin>` for the `.wasm`, which matches the fetch the
 * package makes), or `floor` (no SDK, see [`floorScript`]): loads it, makes one anonymous
 * `listings.query`, reports the time.
 */
function benchPage(sandbox, kind) {
  const call = `
    const sdk = createInstance({ clientId: 'sandbox-client-id', baseUrl: ${JSON.stringify(sandbox)},
      tokenStore: tokenStore.memoryStore() });
    sdk.listings.query({ perPage: 5 }).then(() => {
      window.__coldStart = performance.now();
    }, (e) => { window.__coldStart = -1; console.error(e); });`;
  const script = kind === 'floor' ? floorScript(sandbox) : kind === 'official'
    ? `<script src="/official/sharetribe-flex-sdk-web.js"></script>
       <script>const { createInstance, tokenStore } = window.sharetribeSdk; ${call}</script>`
    : `${kind === 'ours-preload' ? '<link rel="preload" href="/pkg/sharetribe_sdk_bg.wasm" as="fetch" crossorigin>' : ''}
       <script type="module">import { createInstance, tokenStore } from '/pkg/index.js'; ${call}</script>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${kind}</title>${script}</head><body></body></html>`;
}

/** Navigates `page` to `url` and waits for the page's time-to-first-query (ms since navigation). */
async function visit(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.__coldStart !== undefined, null, { timeout: 60_000 });
  return page.evaluate(() => window.__coldStart);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The pages, each timed in every round. */
const KINDS = ['official', 'ours', 'ours-preload', 'floor'];

/**
 * Runs the cold-start cases in `browser` (playwright-core Chromium) and returns table rows
 * `[case, official ms, ours ms]` (medians of `rounds` runs), a row for ours, one for ours
 * with the preload hint and one for the floor page in the place of ours, each against the same
 * official median.
 */
export async function coldStart(browser, { sandbox, pkgDir, officialFile, rounds = 5 }) {
  const officialDir = officialFile.slice(0, officialFile.lastIndexOf('/'));
  const server = await startStaticServer(
    { '/pkg/': normalize(pkgDir), '/official/': normalize(officialDir) },
    Object.fromEntries(KINDS.map((kind) => [`/${kind}.html`, benchPage(sandbox, kind)])),
  );
  const rows = [];
  try {
    for (const [profileName, conditions] of PROFILES) {
      const results = { first: {}, repeat: {} };
      for (const kind of KINDS) {
        results.first[kind] = [];
        results.repeat[kind] = [];
      }
      for (let r = 0; r < rounds; r++) {
        for (const kind of KINDS) {
          const context = await browser.newContext();
          const page = await context.newPage();
          const cdp = await context.newCDPSession(page);
          await cdp.send('Network.enable');
          if (conditions) await cdp.send('Network.emulateNetworkConditions', conditions);
          const url = `${server.url}/${kind}.html`;
          results.first[kind].push(await visit(page, url));
          results.repeat[kind].push(await visit(page, url));
          await context.close();
        }
      }
      for (const which of ['first', 'repeat']) {
        rows.push([`cold start, ${which} visit, ${profileName}`,
          median(results[which].official), median(results[which].ours)]);
        rows.push([`  the same, ours with a preload hint for the .wasm`,
          median(results[which].official), median(results[which]['ours-preload'])]);
        rows.push([`  the floor: no SDK, the same two requests with fetch`,
          median(results[which].official), median(results[which].floor)]);
      }
    }
  } finally {
    await server.close();
  }
  return rows;
}
