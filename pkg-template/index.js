// Package entry: loads the wasm module once, then exposes the same names as the browser build
// of sharetribe-flex-sdk: createInstance, types, tokenStore.
import init, {
  createInstance,
  memoryStore,
  localStorageStore,
  sessionStorageStore,
  browserCookieStore,
  sdkTypes,
  transitRead,
  transitWrite,
  queryString,
  objectQueryString,
} from './sharetribe_sdk.js';

await init();

/** UUID, LatLng, LatLngBounds, Money and BigDecimal. */
export const types = sdkTypes();

/** Token store factories. */
export const tokenStore = { memoryStore, localStorageStore, sessionStorageStore, browserCookieStore };

/** Transit codec: `read(text)` and `write(value, { verbose })`. */
export const transit = { read: transitRead, write: transitWrite };

/** Query-string helpers, as the official SDK's `util`. */
export const util = { queryString, objectQueryString };

export { createInstance };
