// The token stores: `memoryStore` and the browser stores (cookie, localStorage,
// sessionStorage) are the JS runtime's (io.js), plain JS objects that need no WebAssembly, so
// `createInstance({ tokenStore: ... })` works before the module has loaded; `expressCookieStore`
// is for servers. Their methods are synchronous, as the official SDK's.
import { browserCookieStore, cookieName, localStorageStore, memoryStore, readCookie, sessionStorageStore } from './io.js';
import { sdkError } from './sdk.js';

export { browserCookieStore, localStorageStore, memoryStore, sessionStorageStore };

/** 180 days, in milliseconds: how long the official Express store keeps the cookie. */
const EXPRESS_COOKIE_MAX_AGE_MS = 180 * 24 * 60 * 60 * 1000;

/**
 * `tokenStore.expressCookieStore({ clientId, req, res, secure })`, for server-side rendering
 * with Express: reads the cookie `st-<clientId>-token` from `req.cookies` (cookie-parser) or,
 * without it, from the raw `Cookie` header, and writes it with `res.cookie` (180 days, `Secure`
 * when `secure`), exactly as the official store, so one session is shared by the browser and
 * the server with either SDK on either side. A cookie that is not JSON reads as no token.
 * Throws an `invalid-config` SdkError without `clientId`, `req` or a `res` with `cookie`.
 * @param {{ clientId: string, req: any, res: any, secure?: boolean }} options
 */
export function expressCookieStore(options) {
  const { clientId, req, res, secure } = options || /** @type {any} */ ({});
  if (typeof clientId !== 'string' || !req || !res || typeof res.cookie !== 'function') {
    throw sdkError('invalid-config', 'expressCookieStore needs { clientId, req, res } with an Express `res`');
  }
  const key = cookieName(clientId);
  /** @type {object | null | undefined} */
  let current;
  const readStored = () => {
    const raw = req.cookies && typeof req.cookies[key] === 'string'
      ? req.cookies[key]
      : readCookie(String(req.headers?.cookie ?? ''), key);
    if (!raw) return null;
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  };
  return {
    getToken: () => (current = current || readStored()),
    setToken: (/** @type {object} */ token) => {
      current = token;
      res.cookie(key, JSON.stringify(token), { maxAge: EXPRESS_COOKIE_MAX_AGE_MS, ...(secure ? { secure: true } : {}) });
    },
    removeToken: () => {
      current = null;
      res.clearCookie(key);
    },
    // No lock: each request has its own store, and one lock name for every user's request
    // would make a server's refreshes wait on each other where Web Locks exist.
    lockName: null,
  };
}
