// Package entry: loads the wasm module once, then exposes the same names as the browser build
// of sharetribe-flex-sdk: createInstance, types, tokenStore, transit, util, file.
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
  fileMetadata,
  fileUpload,
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

/** File helpers, as the official SDK's `file`: `metadata(file)` and `upload({ method, url, headers, file, onUploadProgress })`. */
export const file = { metadata: fileMetadata, upload: fileUpload };

export { createInstance };
