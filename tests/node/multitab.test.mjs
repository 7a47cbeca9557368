// The multi-tab claims, in real Chromium tabs (pages of one browser context) against a sandbox
// that rotates refresh tokens: for every kind of token store, with 2 and 3 tabs, 10 concurrent
// calls per tab after the access token expired end in exactly one refresh grant per shared
// session (the sandbox's request log counts them), every call succeeds and nobody is logged
// out, also after every tab reloads. A second refresh with the already-rotated token would be
// refused and log the user out, so "exactly one" is what keeps sessions alive. That must hold
// also when a tab's view of the shared store lags the other tabs' writes, as Chromium's
// localStorage and cookies do (one store kind makes the lag long enough to happen every round).
//
// Run by `cargo xtask test` with SANDBOX_URL pointing at a sandbox that serves pkg/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './support.mjs';

const SANDBOX = process.env.SANDBOX_URL;
const REPETITIONS = Number(process.env.MULTITAB_REPETITIONS || 20);
const CALLS_PER_TAB = 10;

let browser;

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

async function control(method, path) {
  const res = await fetch(`${SANDBOX}/_sandbox/${path}`, { method });
  assert.ok(res.ok, `${method} /_sandbox/${path}: ${res.status}`);
  return res.json();
}

/**
 * The stores, as page-side source returning a store. `perTab` stores hold one session per tab
 * (sessionStorage), so each tab logs in and refreshes its own.
 */
const STORES = [
  { kind: 'cookie (default)', source: 'undefined' },
  { kind: 'localStorage', source: 'ours.tokenStore.localStorageStore({ clientId })' },
  { kind: 'sessionStorage', perTab: true, source: 'ours.tokenStore.sessionStorageStore({ clientId })' },
  {
    kind: 'custom sync store',
    source: `({
      getToken: () => JSON.parse(localStorage.getItem('custom-token') || 'null') || undefined,
      setToken: (t) => localStorage.setItem('custom-token', JSON.stringify(t)),
      removeToken: () => localStorage.removeItem('custom-token'),
    })`,
  },
  {
    kind: 'custom async store (IndexedDB)',
    source: `(() => {
      const db = new Promise((resolve, reject) => {
        const open = indexedDB.open('tokens', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('kv');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const run = (mode, act) => db.then((d) => new Promise((resolve, reject) => {
        const req = act(d.transaction('kv', mode).objectStore('kv'));
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      }));
      return {
        getToken: () => run('readonly', (s) => s.get('token')),
        setToken: (t) => run('readwrite', (s) => s.put(t, 'token')),
        removeToken: () => run('readwrite', (s) => s.delete('token')),
      };
    })()`,
  },
  {
    // Chromium hands another tab's localStorage (and cookie) writes to this tab's view
    // asynchronously, so the next holder of the refresh lock can still read the token the
    // previous holder just rotated away. Usually by a few milliseconds, under load more: this
    // store makes the lag 100 ms, so every round has a tab that reads the old token under the
    // lock and must wait for the new one instead of refreshing again.
    kind: 'custom sync store whose view of other tabs lags 100 ms',
    lagging: true,
    source: `(() => {
      const read = () => JSON.parse(localStorage.getItem('lagging-token') || 'null') || undefined;
      let view = read();
      addEventListener('storage', (event) => {
        if (event.key === 'lagging-token') setTimeout(() => { view = read(); }, 100);
      });
      return {
        getToken: () => view,
        setToken: (t) => { view = t; localStorage.setItem('lagging-token', JSON.stringify(t)); },
        removeToken: () => { view = undefined; localStorage.removeItem('lagging-token'); },
      };
    })()`,
  },
  {
    kind: 'wrapper around browserCookieStore',
    source: `(() => {
      const inner = ours.tokenStore.browserCookieStore({ clientId });
      return { getToken: () => inner.getToken(), setToken: (t) => inner.setToken(t), removeToken: () => inner.removeToken() };
    })()`,
  },
];

/** Opens `count` tabs on the sandbox's origin, each with an SDK over `store`. */
async function openTabs(context, count, store) {
  const pages = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    await page.goto(`${SANDBOX}/_sandbox/health`);
    await createSdk(page, store);
    pages.push(page);
  }
  return pages;
}

async function createSdk(page, store) {
  await page.evaluate(async ({ sandbox, source }) => {
    const ours = await import(`${sandbox}/pkg/index.js`);
    const clientId = 'sandbox-client-id';
    // eslint-disable-next-line no-eval
    const tokenStore = (0, eval)(`(ours, clientId) => ${source}`)(ours, clientId);
    window.sdk = ours.createInstance({ clientId, baseUrl: sandbox, ...(tokenStore ? { tokenStore } : {}) });
  }, { sandbox: SANDBOX, source: store.source });
}

const login = (page) => page.evaluate(() => window.sdk.login({ username: 'alice@example.com', password: 'alice-password' }));

/** Fires `n` calls at once in every tab; each tab's results and its authInfo afterwards. */
function burst(pages, n) {
  return Promise.all(pages.map((page) => page.evaluate(async (n) => {
    const results = await Promise.allSettled(Array.from({ length: n }, () => window.sdk.currentUser.show()));
    const info = await window.sdk.authInfo();
    return {
      failures: results.filter((r) => r.status === 'rejected').map((r) => `${r.reason.code}: ${r.reason.message}`),
      emails: results.filter((r) => r.status === 'fulfilled').map((r) => r.value.data.data.attributes.email),
      anonymous: info.isAnonymous,
    };
  }, n)));
}

async function refreshGrants() {
  const log = await control('GET', 'requests');
  return log.filter((r) => r.path === '/v1/auth/token' && r.grantType === 'refresh_token').length;
}

/** One round: expire, burst, and check the grants and every tab's session. */
async function round(pages, store, label) {
  await control('POST', 'expire-access-tokens');
  await control('DELETE', 'requests');
  const tabs = await burst(pages, CALLS_PER_TAB);
  const expected = store.perTab ? pages.length : 1;
  assert.equal(await refreshGrants(), expected, `${label}: refresh grants`);
  tabs.forEach((tab, i) => {
    assert.deepEqual(tab.failures, [], `${label}: tab ${i} calls failed`);
    assert.equal(tab.emails.length, CALLS_PER_TAB, `${label}: tab ${i}`);
    assert.ok(tab.emails.every((e) => e === 'alice@example.com'), `${label}: tab ${i} saw ${tab.emails}`);
    assert.equal(tab.anonymous, false, `${label}: tab ${i} was logged out`);
  });
}

for (const store of STORES) {
  for (const tabCount of [2, 3]) {
    test(`${store.kind}, ${tabCount} tabs: one refresh for ${CALLS_PER_TAB} calls a tab, ${REPETITIONS} times, and after a reload`, async () => {
      await control('POST', 'reset');
      const context = await browser.newContext();
      try {
        const pages = await openTabs(context, tabCount, store);
        for (const page of store.perTab ? pages : pages.slice(0, 1)) await login(page);
        // A lagging view learns of the login late; the rounds start once every tab has it.
        if (store.lagging) {
          for (const page of pages) {
            await page.evaluate(async () => {
              while ((await window.sdk.authInfo())?.isAnonymous !== false) await new Promise((r) => setTimeout(r, 20));
            });
          }
        }
        for (let rep = 0; rep < REPETITIONS; rep++) await round(pages, store, `repetition ${rep + 1}`);
        for (const page of pages) {
          await page.reload();
          await createSdk(page, store);
        }
        await round(pages, store, 'after reload');
      } finally {
        await context.close();
      }
    });
  }
}
