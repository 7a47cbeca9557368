// Token stores that need no WebAssembly to be made: `memoryStore` and `expressCookieStore`
// are plain JS, and the browser stores (cookie, localStorage, sessionStorage) are wrappers that
// make the wasm store on first use, so `createInstance({ tokenStore: ... })` works before the
// module has loaded. Their methods are synchronous, as the official SDK's.
import { generation, guarded, wasmSync } from './loader.js';

/** The official SDK's cookie name for a client ID. @param {string} clientId */
const cookieName = (clientId) => `st-${clientId}-token`;

/** 180 days, in milliseconds: how long the official Express store keeps the cookie. */
const EXPRESS_COOKIE_MAX_AGE_MS = 180 * 24 * 60 * 60 * 1000;

/**
 * `tokenStore.memoryStore()`: keeps the token in this object. `getToken()` gives `undefined`
 * before any token and `null` after `removeToken()`, as the official store does.
 */
export function memoryStore() {
  /** @type {object | null | undefined} */
  let token;
  return {
    getToken: () => token,
    setToken: (/** @type {object} */ value) => {
      token = value;
    },
    removeToken: () => {
      token = null;
    },
    /** No cross-tab lock: the token lives in this page only. */
    lockName: null,
  };
}

/**
 * A store whose wasm object is made by `make` on first use (at once when the module is there,
 * so a bad option throws where the official SDK throws).
 * @param {() => any} make
 */
export function lazyStore(make) {
  /** @type {any} */
  let store = null;
  let made = -1;
  // Made again after the module was replaced following a trap: the store's state is in the
  // browser (cookie, Web Storage), not in the wasm object.
  const real = () => {
    if (!store || made !== generation()) {
      store = null;
      store = guarded(make);
      made = generation();
    }
    return store;
  };
  try {
    real();
  } catch (error) {
    // @ts-ignore: only the not-yet-loaded case waits for first use.
    if (error?.code !== 'not-loaded') throw error;
  }
  return {
    getToken: () => guarded(() => real().getToken()),
    setToken: (/** @type {object} */ token) => guarded(() => real().setToken(token)),
    removeToken: () => guarded(() => real().removeToken()),
    /** The cross-tab lock name of the wasm store (read by `createInstance`). */
    get lockName() {
      return real().lockName;
    },
  };
}

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
    const error = new Error('Invalid SDK config: expressCookieStore needs { clientId, req, res } with an Express `res`');
    error.name = 'SdkError';
    // @ts-ignore: the SDK's errors carry a stable code.
    error.code = 'invalid-config';
    throw error;
  }
  const key = cookieName(clientId);
  /** @type {object | null | undefined} */
  let current;
  const readCookie = () => {
    const raw = req.cookies && typeof req.cookies[key] === 'string'
      ? req.cookies[key]
      : wasmSync().readCookie(String(req.headers?.cookie ?? ''), key);
    if (!raw) return null;
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  };
  return {
    getToken: () => (current = current || readCookie()),
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
