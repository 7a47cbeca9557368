// The package entry for browsers and bundlers: the same names as sharetribe-flex-sdk
// (createInstance, types, tokenStore, transit, util, file) plus `init` and `ready`.
//
// Importing it never waits: no top-level await, so importers stay synchronous modules. The
// WebAssembly module is loaded on first use (see loader.js); SDK calls wait for it.
import { buildSdk, readTransit, sdkError, sdkTypes, typeConverters } from './sdk.js';
import ENDPOINTS from './endpoints.js';
import { canLoadSync, generation, guarded, init, isLoaded, ready, wasmSync } from './loader.js';
import { browserCookieStore, expressCookieStore, localStorageStore, memoryStore, sessionStorageStore } from './token_stores.js';

export { init, ready };

/** The wasm client's methods that `buildSdk` calls. */
const CLIENT_METHODS = ['call', 'login', 'loginAs', 'logout', 'authInfo', 'fetchAssets'];

/**
 * `createInstance(config)`: the SDK object, synchronously. Once the module is loaded (always in
 * Node) a bad config throws an `invalid-config` SdkError here; before that (browsers, first
 * moments) the object is built at once and the first call rejects with that error instead.
 *
 * The object holds the config, not a wasm object: its wasm client is made on first use and
 * made again after the module was replaced following a trap (loader.js `guarded`), so every
 * SDK object keeps working. Where the wasm side would keep tokens in its own memory (no
 * `tokenStore` and no cookies, as in Node), a JS `memoryStore` holds them instead, so a
 * session outlives such a replacement.
 * @param {any} config
 */
export function createInstance(config) {
  const settings = withDefaultStore(config);
  /** @type {any} */
  let client = null;
  let made = -1;
  const current = () => {
    if (!client || made !== generation()) {
      client = null;
      client = wasmSync().createClient(settings);
      made = generation();
    }
    return client;
  };
  /** @type {(name: string, args: unknown[]) => any} */
  let call;
  if (isLoaded() || canLoadSync()) {
    guarded(current); // a bad config throws here, as the official SDK's does
    call = (name, args) => guarded(() => current()[name](...args));
  } else {
    ready().catch(() => {}); // start loading now; a failure surfaces in the calls
    call = (name, args) => ready().then(() => guarded(() => current()[name](...args)));
  }
  /** @type {Record<string, Function>} */
  const lazy = {};
  for (const name of CLIENT_METHODS) {
    lazy[name] = (/** @type {unknown[]} */ ...args) => call(name, args);
  }
  /** @type {unknown[]} */
  let handlers = [];
  try {
    handlers = config && Array.isArray(config.typeHandlers) ? config.typeHandlers : [];
  } catch (_) {
    // An unreadable config: the wasm side's check rejects it (here or on the first call).
  }
  return buildSdk(lazy, ENDPOINTS, handlers);
}

/**
 * `config` with a JS `memoryStore` as `tokenStore` where it has none and there are no cookies
 * (the wasm side's default would be a store in wasm memory, lost with a trapped instance).
 * A config that cannot be read is returned as it is, for the wasm side's check to report.
 * @param {any} config
 */
function withDefaultStore(config) {
  try {
    if (typeof document !== 'undefined' || !config || typeof config !== 'object') return config;
    if (config.tokenStore !== undefined && config.tokenStore !== null) return config;
    return { ...config, tokenStore: memoryStore() };
  } catch (_) {
    return config;
  }
}

/** UUID, LatLng, LatLngBounds, Money and BigDecimal, with `toType`, `reviver`, `replacer`. */
export const types = sdkTypes();

/** Token store factories. */
export const tokenStore = {
  memoryStore,
  expressCookieStore,
  browserCookieStore,
  localStorageStore,
  sessionStorageStore,
};

/** Transit codec: `read(text, { typeHandlers })` and `write(value, { typeHandlers, verbose })`. */
export const transit = {
  // Transit is read in JS (sdk.js `readTransit`): synchronous everywhere, no wasm needed.
  // The readers run as on a response's `data` (js/sdk.js `typeConverters`, shared with calls).
  read: (/** @type {string} */ text, /** @type {any} */ opts) =>
    typeConverters(handlersOf(opts)).read({ data: readTransit(text) }).data,
  write: (/** @type {unknown} */ value, /** @type {any} */ opts) =>
    guarded(() => wasmSync().transitWrite(typeConverters(handlersOf(opts)).write(value), opts)),
};

/** The `typeHandlers` option of a transit call, as a list. @param {any} opts */
function handlersOf(opts) {
  try {
    return opts && Array.isArray(opts.typeHandlers) ? opts.typeHandlers : [];
  } catch (error) {
    throw sdkError('invalid-params', `\`options\` could not be read: ${error}`, error);
  }
}

/** Query-string helpers, as the official SDK's `util`. */
export const util = {
  queryString: (/** @type {unknown} */ params) => guarded(() => wasmSync().queryString(params)),
  objectQueryString: (/** @type {unknown} */ object) => guarded(() => wasmSync().objectQueryString(object)),
};

/** File helpers, as the official SDK's `file`: `metadata(file)` and `upload({ method, url, headers, file, onUploadProgress })`. */
export const file = {
  metadata: (/** @type {unknown} */ f) => guarded(() => wasmSync().fileMetadata(f)),
  upload: (/** @type {unknown} */ args) =>
    (isLoaded() || canLoadSync()
      ? guarded(() => wasmSync().fileUpload(args))
      : ready().then(() => guarded(() => wasmSync().fileUpload(args)))),
};
