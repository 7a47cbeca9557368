// The package entry for browsers and bundlers: the same names as sharetribe-flex-sdk
// (createInstance, types, tokenStore, transit, util, file) plus `init` and `ready`.
//
// Importing it never waits: no top-level await, so importers stay synchronous modules. The
// WebAssembly module is loaded on first use (see loader.js); SDK calls wait for it.
import { BigDecimal, LatLng, LatLngBounds, Money, UUID, buildSdk, sdkError, sdkTypes, typeConverters } from './sdk.js';
import { createTransitReader } from './transit_read.js';
import ENDPOINTS from './endpoints.js';
import { canLoadSync, init, isLoaded, ready, wasmSync } from './loader.js';
import { expressCookieStore, lazyStore, memoryStore } from './token_stores.js';

export { init, ready };

/** The wasm client's methods that `buildSdk` calls. */
const CLIENT_METHODS = ['call', 'login', 'loginAs', 'logout', 'authInfo', 'fetchAssets'];

/**
 * `createInstance(config)`: the SDK object, synchronously. Once the module is loaded (always in
 * Node) a bad config throws an `invalid-config` SdkError here; before that (browsers, first
 * moments) the object is built at once and the first call rejects with that error instead.
 * @param {any} config
 */
export function createInstance(config) {
  if (isLoaded() || canLoadSync()) return wasmSync().createInstance(config);
  /** @type {Promise<any> | null} */
  let client = null;
  const real = () => client || (client = ready().then(
    () => wasmSync().createClient(config),
    (error) => {
      client = null; // a failed load is retried by the next call
      throw error;
    },
  ));
  /** @type {Record<string, Function>} */
  const lazy = {};
  for (const name of CLIENT_METHODS) {
    lazy[name] = (/** @type {unknown[]} */ ...args) => real().then((c) => c[name](...args));
  }
  ready().catch(() => {}); // start loading now; a failure surfaces in the calls
  const handlers = config && Array.isArray(config.typeHandlers) ? config.typeHandlers : [];
  return buildSdk(lazy, ENDPOINTS, handlers);
}

/** UUID, LatLng, LatLngBounds, Money and BigDecimal, with `toType`, `reviver`, `replacer`. */
export const types = sdkTypes();

/** Token store factories. */
export const tokenStore = {
  memoryStore,
  expressCookieStore,
  browserCookieStore: (/** @type {any} */ options) => lazyStore(() => wasmSync().browserCookieStore(options)),
  localStorageStore: (/** @type {any} */ options) => lazyStore(() => wasmSync().localStorageStore(options)),
  sessionStorageStore: (/** @type {any} */ options) => lazyStore(() => wasmSync().sessionStorageStore(options)),
};

/** Reads Transit in JS (transit_read.js): synchronous everywhere, no wasm needed. */
const readTransit = createTransitReader({ UUID, LatLng, LatLngBounds, Money, BigDecimal });

/** Transit codec: `read(text, { typeHandlers })` and `write(value, { typeHandlers, verbose })`. */
export const transit = {
  // The readers run as on a response's `data` (js/sdk.js `typeConverters`, shared with calls).
  read: (/** @type {string} */ text, /** @type {any} */ opts) =>
    typeConverters(handlersOf(opts)).read({ data: readTransit(text) }).data,
  write: (/** @type {unknown} */ value, /** @type {any} */ opts) =>
    wasmSync().transitWrite(typeConverters(handlersOf(opts)).write(value), opts),
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
  queryString: (/** @type {unknown} */ params) => wasmSync().queryString(params),
  objectQueryString: (/** @type {unknown} */ object) => wasmSync().objectQueryString(object),
};

/** File helpers, as the official SDK's `file`: `metadata(file)` and `upload({ method, url, headers, file, onUploadProgress })`. */
export const file = {
  metadata: (/** @type {unknown} */ f) => wasmSync().fileMetadata(f),
  upload: (/** @type {unknown} */ args) =>
    (isLoaded() || canLoadSync() ? wasmSync().fileUpload(args) : ready().then(() => wasmSync().fileUpload(args))),
};
