// The one place that holds the WebAssembly instance. Nothing here runs at import: importing the
// package never waits, so importers stay synchronous modules (code-split SSR apps hydrate).
//
// - Node (index.cjs, node.mjs): the entry registers a way to read the `.wasm` bytes from disk
//   (`setSyncSource`), and the first use instantiates synchronously (`initSync`).
// - Browsers: the first use (`createInstance`, `ready()`, or an explicit `init(...)`) starts an
//   asynchronous instantiation (`fetch` + `WebAssembly.instantiateStreaming`); SDK calls, which
//   return promises anyway, wait for it. Synchronous helpers that need the module throw a
//   `not-loaded` SdkError until it is there: `await ready()` first (or `init(...)`).
//
// A failed load never disables the package: the next `ready()` tries again. A trap of the
// module (a Rust panic, or any bug) never disables it either: `guarded` replaces the instance
// with a fresh one from the same compiled module (see `recover`), whether the trap happens
// during the export or later, in the asynchronous part of a call (the glue reports those).
import initAsync, {
  __compiledModule,
  __forgetInstance,
  __intoWasm,
  __onAsyncTrap,
  __takeNestedTrap,
  initSync,
} from './sharetribe_sdk.js';
import * as glue from './sharetribe_sdk.js';
import { sdkError } from './sdk.js';

/** @type {boolean} true once the glue holds an instance. */
let loaded = false;
/** @type {Promise<void> | null} the asynchronous instantiation under way. */
let loading = null;
/** @type {unknown} what the next asynchronous instantiation loads (undefined: next to this file). */
let source;
/** @type {(() => Uint8Array) | null} reads the `.wasm` bytes synchronously, where the platform can. */
let readBytes = null;
/**
 * How many instances were replaced after a trap. Wasm objects held by JS (clients, stores)
 * belong to the instance of the generation they were made in, and are made again after it.
 */
let instanceGeneration = 0;
/**
 * The calls of the current instance still waiting for their promise: a trap ends the instance
 * and with it every task that would have settled them, so `recover` rejects them all.
 * @type {Set<(error: Error) => void>}
 */
const pendingCalls = new Set();

/**
 * An `Error` shaped like the SDK's own (`name: 'SdkError'`, `code: 'not-loaded'`).
 * @param {string} message
 * @param {unknown} [cause]
 */
function notLoaded(message, cause) {
  return sdkError('not-loaded', message, cause);
}

/**
 * Registers a synchronous byte source (Node: `fs.readFileSync` of the packaged `.wasm`). From
 * then on the first use instantiates synchronously.
 * @param {() => Uint8Array} read
 */
export function setSyncSource(read) {
  readBytes = read;
}

/** True once the module is instantiated (every helper then works synchronously). */
export function isLoaded() {
  return loaded;
}

/**
 * Instantiates the module now from `input` (a `WebAssembly.Module` or bytes), synchronously.
 * Throws a `not-loaded` SdkError naming the cause when the bytes are not a valid module.
 * @param {WebAssembly.Module | BufferSource} input
 */
function instantiateSync(input) {
  try {
    initSync({ module: input });
    loaded = true;
  } catch (cause) {
    throw notLoaded(`sharetribe-sdk-wasm: the WebAssembly module could not be instantiated (${cause})`, cause);
  }
}

/**
 * The wasm-bindgen exports, instantiating synchronously first where the platform can.
 * Throws a `not-loaded` SdkError in a browser before the module has loaded: `await ready()`
 * (or `init(...)`) first.
 */
export function wasmSync() {
  if (!loaded) {
    if (readBytes) {
      instantiateSync(readBytes());
    } else {
      ready().catch(() => {}); // start loading, so a later call finds the module
      throw notLoaded('sharetribe-sdk-wasm: the WebAssembly module is still loading; `await ready()` (or `init(...)`) before calling this helper synchronously');
    }
  }
  return glue;
}

/**
 * Resolves once the module is instantiated, starting the load if none is under way. Rejects
 * with a `not-loaded` SdkError naming the cause (e.g. a 404 or a Content-Security-Policy
 * without `'wasm-unsafe-eval'`); the next call tries again.
 * @returns {Promise<void>}
 */
export function ready() {
  if (loaded) return Promise.resolve();
  if (readBytes) {
    try {
      wasmSync();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }
  if (!loading) {
    loading = initAsync(source === undefined ? undefined : { module_or_path: source }).then(
      () => {
        loaded = true;
        loading = null;
      },
      (cause) => {
        loading = null;
        throw notLoaded(`sharetribe-sdk-wasm: the WebAssembly module could not be loaded (${cause})`, cause);
      },
    );
  }
  return loading;
}

/** The generation of the current instance: it changes when `recover` replaced the instance. */
export function generation() {
  return instanceGeneration;
}

/**
 * True for what a trapped instance throws: a `WebAssembly.RuntimeError` (unreachable, a Rust
 * panic, out-of-bounds memory, a stack overflow).
 * @param {unknown} error
 */
function isTrap(error) {
  return typeof WebAssembly === 'object' && error instanceof WebAssembly.RuntimeError;
}

/**
 * Drops the trapped instance and brings up a fresh one, synchronously, from the compiled
 * module the glue kept (browsers and Node alike, so nothing is fetched again). Objects of the
 * old instance are never freed into the new one (the glue's finalizers check the generation).
 * When the fresh instance cannot be made, the next use loads the module as a first use does.
 * Returns the rejecters of the calls that were waiting on the old instance: nothing of it
 * will settle them now.
 * @returns {Array<(error: Error) => void>}
 */
function recover() {
  const waiting = [...pendingCalls];
  pendingCalls.clear();
  const module = __compiledModule();
  __forgetInstance();
  loaded = false;
  loading = null;
  instanceGeneration++;
  if (module) {
    try {
      initSync({ module });
      loaded = true;
    } catch (_) {
      // Left to the next use: `wasmSync()` / `ready()` load it again.
    }
  }
  return waiting;
}

/**
 * The SdkError for a call that the trap `cause` ended.
 * @param {unknown} cause
 */
function trapError(cause) {
  return sdkError('internal', 'the WebAssembly module failed during this call and was restarted; the next call works, and sessions are kept', cause);
}

// A trap in a closure the event loop called (a call's asynchronous part): nothing on the
// stack can catch it, so the glue hands it here. Every waiting call rejects now, not at its
// `timeout`, and the next call gets a fresh instance.
__onAsyncTrap((/** @type {unknown} */ cause) => {
  for (const reject of recover()) reject(trapError(cause));
});

/**
 * `promise`, settled as it settles, unless a trap ends its instance first (then rejected by
 * `recover`'s caller with an `internal` SdkError).
 * @param {Promise<unknown>} promise
 * @returns {Promise<unknown>}
 */
function tracked(promise) {
  return new Promise((resolve, reject) => {
    pendingCalls.add(reject);
    promise.then(
      (value) => {
        pendingCalls.delete(reject);
        resolve(value);
      },
      (error) => {
        pendingCalls.delete(reject);
        reject(error);
      },
    );
  });
}

/**
 * Runs `call` (a call into the wasm module) and returns its result; a promise result is
 * tracked, so that it rejects instead of staying pending if the module traps before it
 * settles. When the module traps, the instance is replaced (`recover`) and an `internal`
 * SdkError is thrown instead (and every other pending call rejects with one), so the next
 * call, on any SDK object, works; sessions survive because they live in the token store.
 * Other exceptions pass through unchanged.
 * @template T
 * @param {() => T} call
 * @returns {T}
 */
export function guarded(call) {
  /** @type {T} */
  let result;
  try {
    result = __intoWasm(call);
  } catch (cause) {
    if (!isTrap(cause)) throw cause;
    const error = trapError(cause);
    for (const reject of recover()) reject(error);
    throw error;
  }
  // A trap under the export that JS swallowed on its way up (a promise executor's rejection):
  // the instance is as broken as if it had thrown.
  const swallowed = __takeNestedTrap();
  if (swallowed !== undefined) {
    const error = trapError(swallowed);
    for (const reject of recover()) reject(error);
    throw error;
  }
  // @ts-ignore: a promise stays a promise of the same value.
  return result instanceof Promise ? tracked(result) : result;
}

/**
 * Loads the module from `input` instead of the `.wasm` next to the package's JS: a URL (string
 * or `URL`), a `Request`, a `Response` (or a promise of one, e.g. a preloaded `fetch`), bytes
 * (`ArrayBuffer`, typed array) or a compiled `WebAssembly.Module`. Without `input` it is
 * `ready()`. Once the module is loaded, further calls change nothing and resolve at once; while
 * a load from the default place is under way, `input` is tried if that load fails.
 * @param {string | URL | Request | Response | Promise<Response> | BufferSource | WebAssembly.Module} [input]
 * @returns {Promise<void>}
 */
export function init(input) {
  if (loaded || input === undefined) return ready();
  if (loading) {
    return loading.catch(() => {
      source = input;
      return ready();
    });
  }
  source = input;
  readBytes = null; // the caller's module wins over the packaged file
  return ready();
}

/** True where the module can be instantiated synchronously on first use (Node). */
export function canLoadSync() {
  return readBytes !== null;
}
