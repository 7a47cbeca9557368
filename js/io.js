// The SDK's I/O, for the wasm core: requests (fetch, and XMLHttpRequest for upload progress),
// timers and abort signals, the cross-tab Web Lock, token store calls (with the guard and JSON text
// of what `getToken` returned, by js/sdk.js's walkers) and the built-in token stores. The core
// decides what to send, when to wait and what to keep; this module only does it. Its boundary is
// narrow on purpose: strings, numbers and the caller's own objects (stores, signals, files) go
// through untouched, and every operation that takes time returns a promise that never rejects and
// never throws, carrying a `cancel()` the core calls when it stops waiting (so a given-up request
// is aborted, a timer cleared, a lock released). Nothing here throws into the wasm: what can throw
// is caught here and becomes a returned value.

import { encodeValue, plainCopy } from './sdk.js';

/**
 * A promise that always resolves (with the operation's answer), and `cancel`, which stops the
 * operation and resolves the promise at once if it has not settled. Cancelling a settled
 * operation does nothing, except for a held lock, which it releases.
 * @template T
 * @typedef {Promise<T> & { cancel: () => void }} Pending
 */

/**
 * A pending operation: `start(settle)` begins it and returns what `cancel` must do.
 * `settle` may be called many times; the first call wins.
 * @template T
 * @param {(settle: (answer: T) => void) => (() => void)} start
 * @param {T} cancelled the answer when cancelled first
 * @returns {Pending<T>}
 */
function pending(start, cancelled) {
  /** @type {(answer: T) => void} */
  let resolve = () => {};
  const done = /** @type {Pending<T>} */ (new Promise((r) => {
    resolve = r;
  }));
  let open = true;
  const settle = (/** @type {T} */ answer) => {
    if (open) {
      open = false;
      resolve(answer);
    }
  };
  /** @type {() => void} */
  let stop = () => {};
  try {
    stop = start(settle);
  } catch (_) {
    settle(cancelled); // `start` catches what it can name itself
  }
  done.cancel = () => {
    try {
      stop();
    } catch (_) {
      // Nothing to stop any more.
    }
    settle(cancelled);
  };
  return done;
}

/** A short description of a thrown value, for an error message. @param {unknown} error */
function describe(error) {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch (_) {
    return 'an exception';
  }
}

/**
 * What a request resolves with: `[status, statusText, contentType, retryAfter, body]` for a
 * response of any status, or `['timeout']` / `['network', message]` when none arrived.
 * @typedef {[number, string, string | null, string | null, string] | ['timeout'] | ['network', string]} Answer
 */

/**
 * Sends one request. `headers` is a JSON array of `[name, value]` pairs; `body` the text body
 * or `undefined`. An upload's body is built here from `upload` (JSON: a file slot, or a form's
 * `[name, text | slot]` fields in order) and `files`; with an `onProgress` function it goes
 * over XMLHttpRequest, which reports upload progress as axios does, else over `fetch`. The
 * request is aborted after `timeoutMs` (then it answers `['timeout']`) or when cancelled.
 * @param {string} method
 * @param {string} url
 * @param {string} headers
 * @param {string | undefined} body
 * @param {string | undefined} upload
 * @param {unknown[] | undefined} files
 * @param {unknown} onProgress
 * @param {number | undefined} timeoutMs
 * @returns {Pending<Answer>}
 */
export function send(method, url, headers, body, upload, files, onProgress, timeoutMs) {
  return pending((settle) => {
    /** @type {[string, string][]} */
    let pairs;
    /** @type {BodyInit | undefined} */
    let payload = body;
    try {
      pairs = JSON.parse(headers);
      if (upload !== undefined) payload = uploadBody(JSON.parse(upload), files || []);
      // XMLHttpRequest where there is one (browsers, jsdom), as the official SDK sends: in
      // Chromium it costs less per request than `fetch` (0.06–0.26 ms of main-thread time
      // for a small answer, measured), and only it reports upload progress.
      if (typeof XMLHttpRequest === 'function') {
        return sendXhr(method, url, pairs, payload, typeof onProgress === 'function' ? onProgress : undefined, timeoutMs, settle);
      }
    } catch (error) {
      settle(['network', describe(error)]);
      return () => {};
    }
    const controller = new AbortController();
    let timedOut = false;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    }
    // A record rather than the pairs: some fetch polyfills (Jest's jsdom setups) take no arrays.
    // The SDK's header names are distinct.
    fetch(url, { method, headers: Object.fromEntries(pairs), body: payload, signal: controller.signal })
      .then(async (response) => {
        const text = await response.text();
        const header = (/** @type {string} */ name) => response.headers.get(name);
        settle([response.status, response.statusText, header('content-type'), header('retry-after'), text]);
      })
      .catch((error) => settle(timedOut ? ['timeout'] : ['network', describe(error)]))
      .finally(() => clearTimeout(timer));
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, /** @type {Answer} */ (['network', 'the call stopped waiting']));
}

/**
 * An upload body: `spec` is a file slot (the file itself is the body) or a form's fields.
 * Throws naming a slot that has no file (the caller of `send` turns it into an answer).
 * @param {number | [string, string | number][]} spec
 * @param {unknown[]} files
 * @returns {BodyInit}
 */
function uploadBody(spec, files) {
  const file = (/** @type {number} */ slot) => {
    if (!(slot in files)) throw new Error(`the upload has no file in slot ${slot}`);
    return /** @type {Blob} */ (files[slot]);
  };
  if (typeof spec === 'number') return file(spec);
  const form = new FormData();
  // No file name argument: the browser writes `File.name` (or `blob`), as the official SDK's
  // `FormData.append(name, file)` does.
  for (const [name, value] of spec) form.append(name, typeof value === 'number' ? file(value) : value);
  return form;
}

/**
 * `send` over XMLHttpRequest, calling `onProgress` with an axios-shaped progress object for
 * each upload progress event (an exception in it does not break the upload). Returns what
 * cancelling does.
 * @param {string} method
 * @param {string} url
 * @param {[string, string][]} headers
 * @param {BodyInit | undefined} payload
 * @param {Function | undefined} onProgress
 * @param {number | undefined} timeoutMs
 * @param {(answer: Answer) => void} settle
 */
function sendXhr(method, url, headers, payload, onProgress, timeoutMs, settle) {
  const xhr = new XMLHttpRequest();
  xhr.open(method, url, true);
  for (const [name, value] of headers) xhr.setRequestHeader(name, value);
  if (timeoutMs !== undefined) xhr.timeout = timeoutMs;
  // Only when asked: an upload listener makes a cross-origin request need a CORS preflight.
  if (onProgress) {
    const report = progressReporter();
    xhr.upload.onprogress = (event) => {
      try {
        onProgress(report(event, Date.now()));
      } catch (_) {
        // The caller's callback failing is not the upload failing.
      }
    };
  }
  let timedOut = false;
  xhr.ontimeout = () => {
    timedOut = true;
  };
  // `loadend` follows load, error, timeout and abort alike.
  xhr.onloadend = () => {
    if (timedOut) settle(['timeout']);
    else if (xhr.status === 0) settle(['network', 'no response (the connection failed, or CORS refused it)']);
    else {
      // From the list of the headers the page may read: `getResponseHeader` of one that CORS
      // does not expose (`retry-after`, cross-origin) logs a console error.
      const headers = xhr.getAllResponseHeaders();
      const header = (/** @type {string} */ name) => headerIn(headers, name);
      settle([xhr.status, xhr.statusText, header('content-type'), header('retry-after'), xhr.responseText]);
    }
  };
  xhr.send(/** @type {XMLHttpRequestBodyInit} */ (payload));
  return () => xhr.abort();
}

/**
 * The value of header `name` (lower case) in `getAllResponseHeaders()`'s text, or `null`.
 * @param {string} headers
 * @param {string} name
 */
function headerIn(headers, name) {
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name) return line.slice(colon + 1).trim();
  }
  return null;
}

/** Reports kept for the rate. */
const RATE_SAMPLES = 50;
/** How long reports must span before a rate is given, ms. */
const RATE_MIN_SPAN_MS = 250;

/**
 * Turns one request's progress events (each with the time it came, in ms) into the objects
 * axios (inside the official SDK) gives `onUploadProgress`: `loaded` (never past `total`),
 * `total`, `progress`, `bytes` since the last event, `rate` (bytes/s over recent events, once
 * they span 250 ms), `estimated` (seconds left), `event`, `lengthComputable` and `upload: true`.
 * @returns {(event: { loaded: number, total: number, lengthComputable: boolean }, now: number) => object}
 */
export function progressReporter() {
  let notified = 0;
  /** @type {[number, number][]} (time in ms, bytes) of recent reports, newest last */
  const samples = [];
  return (event, now) => {
    const total = event.lengthComputable ? event.total : undefined;
    const loaded = Math.max(0, total === undefined ? event.loaded : Math.min(event.loaded, total));
    const bytes = Math.max(0, loaded - notified);
    notified = Math.max(notified, loaded);
    samples.push([now, bytes]);
    if (samples.length > RATE_SAMPLES) samples.shift();
    const span = now - samples[0][0];
    let rate = span >= RATE_MIN_SPAN_MS ? Math.round((samples.reduce((sum, s) => sum + s[1], 0) * 1000) / span) : undefined;
    if (!(rate !== undefined && rate > 0)) rate = undefined;
    return {
      loaded,
      total,
      progress: total ? loaded / total : undefined,
      bytes,
      rate,
      estimated: rate !== undefined && total !== undefined ? (total - loaded) / rate : undefined,
      event,
      lengthComputable: total !== undefined,
      upload: true,
    };
  };
}

/**
 * Resolves after `ms` milliseconds; cancelling clears the timer.
 * @param {number} ms
 * @returns {Pending<void>}
 */
export function sleep(ms) {
  return pending((settle) => {
    const timer = setTimeout(settle, ms);
    return () => clearTimeout(timer);
  }, undefined);
}

/**
 * The end of a call's time: resolves `0` after `ms` milliseconds (never when `undefined`), `1`
 * when `signal` (an AbortSignal, or `undefined`) aborts; cancelling clears the timer and removes
 * the listener.
 * @param {number | undefined} ms
 * @param {AbortSignal | undefined} signal
 * @returns {Pending<number>}
 */
export function deadline(ms, signal) {
  return pending((settle) => {
    const abort = () => settle(1);
    if (signal) {
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
    }
    const timer = ms === undefined ? undefined : setTimeout(() => settle(0), ms);
    return () => {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', abort);
    };
  }, 1);
}

// The wasm side's executor (src/js/exec.rs): it awaits promises through `listen` and settles
// the promises of its tasks through `endTask`.

/**
 * Calls `settler(slot, true, value)` when `promise` resolves, `settler(slot, false, error)`
 * when it rejects: the one way a settlement reaches the wasm side.
 * @param {Promise<unknown>} promise
 * @param {number} slot
 * @param {(slot: number, ok: boolean, value: unknown) => void} settler
 */
export function listen(promise, slot, settler) {
  promise.then((value) => settler(slot, true, value), (error) => settler(slot, false, error));
}

/**
 * A promise for a task of the wasm side, settled by `endTask`.
 * @returns {Promise<unknown> & { end?: (ok: boolean, value: unknown) => void }}
 */
export function newTask() {
  /** @type {(ok: boolean, value: unknown) => void} */
  let end = () => {};
  const task = /** @type {Promise<unknown> & { end?: (ok: boolean, value: unknown) => void }} */ (
    new Promise((resolve, reject) => {
      end = (ok, value) => (ok ? resolve : reject)(value);
    })
  );
  task.end = end;
  return task;
}

/**
 * Resolves (`ok`) or rejects the promise of `newTask` with `value`.
 * @param {Promise<unknown> & { end?: (ok: boolean, value: unknown) => void }} task
 * @param {boolean} ok
 * @param {unknown} value
 */
export function endTask(task, ok, value) {
  if (task.end) task.end(ok, value);
}

/**
 * Takes the Web Lock `name`, shared by every tab of the origin. Resolves `'held'` once it is
 * held (then `cancel()` releases it), `'timeout'` when it was not had within `timeoutMs`
 * (nothing is held then), or `'free'` where there is no Web Locks API or the request failed
 * (e.g. an opaque origin): the caller goes on without it. Cancelling while waiting gives the
 * request up, and a lock granted after that is released at once.
 * @param {string} name
 * @param {number | undefined} timeoutMs
 * @returns {Pending<'held' | 'timeout' | 'free'>}
 */
export function lock(name, timeoutMs) {
  return pending((settle) => {
    const locks = typeof navigator === 'object' && navigator ? navigator.locks : undefined;
    if (!locks || typeof locks.request !== 'function') {
      settle('free');
      return () => {};
    }
    const controller = new AbortController();
    let gaveUp = false;
    /** @type {(() => void) | null} */
    let release = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        settle('timeout');
        controller.abort();
      }, timeoutMs);
    }
    locks
      .request(name, { signal: controller.signal }, () => {
        clearTimeout(timer);
        if (gaveUp) return undefined; // released at once
        // The browser keeps the lock while this promise is pending.
        return new Promise((resolve) => {
          release = () => resolve(undefined);
          settle('held');
        });
      })
      .catch(() => settle('free'));
    return () => {
      gaveUp = true;
      clearTimeout(timer);
      controller.abort();
      if (release) release();
    };
  }, /** @type {'held' | 'timeout' | 'free'} */ ('free'));
}

/** Per refresh lock name, the release of the rotation note this tab holds (see noteRotation). */
const rotationNotes = new Map();

/** @returns {any} the Web Locks API, or undefined where there is none */
const webLocks = () => (typeof navigator === 'object' && navigator ? navigator.locks : undefined);

/**
 * Tells every tab of the origin that the refresh token with fingerprint `mark` was rotated away:
 * holds the shared Web Lock `<name>:rotated:<mark>` until the next note for `name` replaces it
 * (the browser drops it with the tab). Another tab's view of a shared store can lag the refresh
 * lock's hand-over (Chromium hands localStorage and cookie writes to other tabs asynchronously);
 * the lock manager cannot, so the note travels through it. Resolves once the note is held, or at
 * once where there are no Web Locks; never rejects.
 * @param {string} name the refresh lock's name
 * @param {string} mark the rotated-away token's fingerprint (never the token)
 * @returns {Promise<void>}
 */
export function noteRotation(name, mark) {
  const locks = webLocks();
  if (!locks || typeof locks.request !== 'function') return Promise.resolve();
  return new Promise((noted) => {
    /** @type {() => void} */
    let release = () => {};
    const held = new Promise((resolve) => { release = () => resolve(undefined); });
    try {
      locks.request(`${name}:rotated:${mark}`, { mode: 'shared' }, () => {
        const previous = rotationNotes.get(name);
        rotationNotes.set(name, release);
        if (previous) previous();
        noted();
        return held;
      }).catch(() => noted());
    } catch (_) {
      noted();
    }
  });
}

/**
 * Whether some tab holds the rotation note `<name>:rotated:<mark>` (see noteRotation), asked of
 * the same lock manager that handed this tab the refresh lock. Resolves `false` where nothing
 * can tell; never rejects.
 * @param {string} name
 * @param {string} mark
 * @returns {Promise<boolean>}
 */
export function wasRotated(name, mark) {
  const locks = webLocks();
  if (!locks || typeof locks.query !== 'function') return Promise.resolve(false);
  const wanted = `${name}:rotated:${mark}`;
  try {
    return Promise.resolve(locks.query()).then(
      (/** @type {any} */ snapshot) => Array.isArray(snapshot && snapshot.held)
        && snapshot.held.some((/** @type {any} */ held) => held && held.name === wanted),
      () => false,
    );
  } catch (_) {
    return Promise.resolve(false);
  }
}

/**
 * A token store call for the wasm side's adapter (src/js/stores.rs), in one crossing:
 * `store[method](arg)`, with `arg` the token's JSON text for `setToken` (parsed into the object
 * the store keeps), as a promise that never throws and, with `timeoutMs`, settles in time (the
 * timer is cleared when the call settles). Resolves, for `getToken`, the guarded copy of what
 * the store returned as the JSON text the wasm side reads (see `encodeValue` in js/sdk.js),
 * or `undefined` when there is nothing or it cannot be written (no token); for the other
 * methods `undefined`. Rejects with the string `'timeout'` when the store did not settle in
 * time (or threw that string), else with `[message, cause]`: a throwing or rejecting store
 * (a throwing `then` included) with what it threw, or a `getToken` value whose reading threw
 * with the guard's error.
 * @param {any} store
 * @param {string} method
 * @param {string | undefined} arg
 * @param {number | undefined} timeoutMs
 * @returns {Promise<string | undefined>}
 */
export function storeCall(store, method, arg, timeoutMs) {
  /** @type {Promise<unknown>} */
  let result;
  try {
    result = Promise.resolve(store[method](arg === undefined ? undefined : JSON.parse(arg)));
  } catch (error) {
    result = Promise.reject(error);
  }
  if (timeoutMs !== undefined) {
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const expired = new Promise((_, reject) => {
      timer = setTimeout(() => reject('timeout'), timeoutMs);
    });
    result = Promise.race([result, expired]).finally(() => clearTimeout(timer));
  }
  return result.then(
    (value) => (method === 'getToken' ? tokenText(value) : undefined),
    (error) => {
      throw error === 'timeout' ? error : [`tokenStore.${method}() failed`, error];
    },
  );
}

/**
 * What `getToken` returned as `encodeValue` text, `undefined` for nothing or a value no JSON
 * can carry; throws `[message, cause]` when reading it threw (the guard's `token-store` error).
 * @param {unknown} value
 * @returns {string | undefined}
 */
function tokenText(value) {
  let copy;
  try {
    copy = plainCopy(value, 'token', 'token-store');
  } catch (error) {
    throw ['tokenStore.getToken() returned a value that cannot be read', error];
  }
  if (copy === undefined || copy === null) return undefined;
  try {
    return encodeValue(copy, 'token', 'invalid-params');
  } catch (_) {
    return undefined;
  }
}

/**
 * `store.lockName`: a string (the lock's name), or `null` / `false` for no lock, or undefined
 * when the store says nothing. A store whose `lockName` cannot be read says nothing.
 * @param {any} store
 * @returns {unknown}
 */
export function lockNameOf(store) {
  try {
    return store.lockName;
  } catch (_) {
    return undefined;
  }
}

// The built-in token stores. Their methods are synchronous, as the official SDK's.

/** The official SDK's cookie name for a client ID. @param {string} clientId */
export const cookieName = (clientId) => `st-${clientId}-token`;

/** 30 days, in seconds: how long the official browser store keeps the cookie. */
const COOKIE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * An `Error` shaped as the SDK's own (`name: 'SdkError'`, `code: 'invalid-config'`).
 * @param {string} message
 */
function invalidConfig(message) {
  const error = new Error(`Invalid SDK config: ${message}`);
  error.name = 'SdkError';
  // @ts-ignore: the SDK's errors carry a stable code.
  error.code = 'invalid-config';
  return error;
}

/**
 * `tokenStore.memoryStore()`: keeps the token in this object. `getToken()` gives `undefined`
 * before any token and `null` after `removeToken()`, as the official store does.
 */
export function memoryStore() {
  /** @type {unknown} */
  let token;
  return {
    getToken: () => token,
    setToken: (/** @type {unknown} */ value) => {
      token = value;
    },
    removeToken: () => {
      token = null;
    },
    /** No cross-tab lock: the token lives in this page only. */
    lockName: null,
  };
}

/** `options[key]` when it is a string; `undefined` for anything else or an unreadable option. @param {any} options @param {string} key */
function stringOption(options, key) {
  try {
    const value = options[key];
    return typeof value === 'string' ? value : undefined;
  } catch (_) {
    return undefined;
  }
}

/**
 * The value as a token (an object with a non-empty string `access_token`), else `undefined`.
 * @param {unknown} value
 */
function asToken(value) {
  try {
    // @ts-ignore: checked right here.
    return value && typeof value === 'object' && typeof value.access_token === 'string' && value.access_token
      ? value
      : undefined;
  } catch (_) {
    return undefined;
  }
}

/** JSON text as a token, or `undefined` when it is not one. @param {string | null | undefined} text */
function parseToken(text) {
  if (typeof text !== 'string') return undefined;
  try {
    return asToken(JSON.parse(text));
  } catch (_) {
    return undefined;
  }
}

/**
 * Where a persistent store keeps its text: `read()` the stored text (`null` for none),
 * `write(text)` (`null` removes); both throw when the storage is unusable, `write` also when
 * the text was not kept.
 * @typedef {{ what: string, read: () => string | null | undefined, write: (text: string | null) => void, lockName: string | null }} Backing
 */

/**
 * A store over `backing` that keeps working in memory when the storage is unavailable or full,
 * with one console warning saying so. A stored value that is not a token reads as no token;
 * `setToken` of anything but a token is ignored.
 * @param {Backing} backing
 */
function persistentStore(backing) {
  let degraded = false;
  /** @type {object | undefined} */
  let memory;
  const degrade = (/** @type {string} */ what) => {
    if (!degraded) {
      degraded = true;
      try {
        console.warn(
          `sharetribe-sdk: ${what} is unavailable; the session is kept in memory only and will not survive a reload.`,
        );
      } catch (_) {
        // No console to warn on.
      }
    }
  };
  const write = (/** @type {object | undefined} */ token) => {
    memory = token;
    if (degraded) return;
    try {
      backing.write(token === undefined ? null : JSON.stringify(token));
    } catch (error) {
      // @ts-ignore: `write` names what failed when it is more than the storage itself.
      degrade((error && error.sdkWhat) || backing.what);
    }
  };
  return {
    getToken: () => {
      if (degraded) return memory;
      try {
        return parseToken(backing.read());
      } catch (_) {
        degrade(backing.what);
        return memory;
      }
    },
    setToken: (/** @type {unknown} */ token) => {
      const checked = asToken(token);
      if (checked) write(checked);
    },
    removeToken: () => write(undefined),
    lockName: backing.lockName,
  };
}

/**
 * `encodeURIComponent`, then the characters that are valid in a cookie value put back, as
 * js-cookie 3 (inside the official SDK) writes a value.
 * @param {string} value
 */
const encodeCookieValue = (value) =>
  encodeURIComponent(value).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent);

/** A cookie name as js-cookie 3 writes it. @param {string} name */
const encodeCookieName = (name) =>
  encodeURIComponent(name)
    .replace(/%(2[346B]|5E|60|7C)/g, decodeURIComponent)
    .replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The decoded value of cookie `name` in `header` (`document.cookie`, or a `Cookie` request
 * header), read as js-cookie 3 reads it: pairs split at `; `, names compared decoded, the
 * first that decodes wins, surrounding quotes dropped. `undefined` when there is none.
 * @param {string} header
 * @param {string} name
 * @returns {string | undefined}
 */
export function readCookie(header, name) {
  if (!header) return undefined;
  for (const pair of header.split('; ')) {
    const at = pair.indexOf('=');
    const rawName = at < 0 ? pair : pair.slice(0, at);
    let value = at < 0 ? '' : pair.slice(at + 1);
    try {
      if (decodeURIComponent(rawName) !== name) continue;
      if (value[0] === '"') value = value.slice(1, -1);
      return value.replace(/(%[\dA-F]{2})+/gi, decodeURIComponent);
    } catch (_) {
      // Not decodable: skipped, as js-cookie skips it.
    }
  }
  return undefined;
}

/** True where `document.cookie` can be used (not in workers, Node or sandboxed frames). */
export function hasCookies() {
  try {
    return typeof document === 'object' && document !== null && typeof document.cookie === 'string';
  } catch (_) {
    return false;
  }
}

/**
 * The cookie store for `clientId`: the official SDK's cookie (`st-<clientId>-token`, the
 * token as JSON, 30 days, `path=/`, `SameSite=Lax`, `Secure` when `secure` or on https), so
 * sessions carry over between the two SDKs and to SSR servers. A token the browser does not
 * keep (over 4 KB) is kept in memory, with one warning.
 * @param {string} clientId
 * @param {boolean} secure
 */
export function cookieStore(clientId, secure) {
  const name = cookieName(clientId);
  const encodedName = encodeCookieName(name);
  return persistentStore({
    what: 'document.cookie',
    read: () => readCookie(document.cookie, name),
    write: (text) => {
      if (text === null) {
        document.cookie = `${encodedName}=; path=/; max-age=0; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
        return;
      }
      const https = typeof location === 'object' && location !== null && location.protocol === 'https:';
      document.cookie = `${encodedName}=${encodeCookieValue(text)}; path=/; max-age=${COOKIE_MAX_AGE_SECONDS}; SameSite=Lax${
        secure || https ? '; Secure' : ''
      }`;
      // Browsers drop a cookie over 4 KB without a word: check it was kept.
      if (readCookie(document.cookie, name) !== text) {
        const error = new Error('not kept');
        // @ts-ignore: read by `persistentStore`'s warning.
        error.sdkWhat = 'document.cookie (the token is larger than a cookie holds)';
        throw error;
      }
    },
    lockName: name,
  });
}

/**
 * `tokenStore.browserCookieStore({ clientId, secure })`: the cookie store (see `cookieStore`).
 * Throws an `invalid-config` SdkError without a string `clientId`.
 * @param {any} options
 */
export function browserCookieStore(options) {
  const clientId = stringOption(options, 'clientId');
  if (clientId === undefined) throw invalidConfig('browserCookieStore needs { clientId }');
  let secure = false;
  try {
    secure = options.secure === true;
  } catch (_) {
    // An unreadable option counts as not given.
  }
  return cookieStore(clientId, secure);
}

/**
 * A store in `localStorage` or `sessionStorage` under the official cookie name of
 * `options.clientId` (`st-token` without one).
 * @param {'localStorage' | 'sessionStorage'} what
 * @param {any} options
 */
function webStorageStore(what, options) {
  const clientId = stringOption(options, 'clientId');
  const key = clientId === undefined ? 'st-token' : cookieName(clientId);
  const storage = () => {
    const found = /** @type {any} */ (globalThis)[what];
    if (!found) throw new Error(`no ${what}`);
    return /** @type {Storage} */ (found);
  };
  return persistentStore({
    what,
    read: () => storage().getItem(key),
    write: (text) => (text === null ? storage().removeItem(key) : storage().setItem(key, text)),
    // Shared by the tabs of the origin, so refreshes take a lock; a tab's sessionStorage is
    // its own.
    lockName: what === 'localStorage' ? `localStorage:${key}` : null,
  });
}

/** `tokenStore.localStorageStore({ clientId })`: persists across reloads and tabs. @param {any} options */
export const localStorageStore = (options) => webStorageStore('localStorage', options);

/** `tokenStore.sessionStorageStore({ clientId })`: persists across reloads of one tab. @param {any} options */
export const sessionStorageStore = (options) => webStorageStore('sessionStorage', options);

/**
 * The store of a config without `tokenStore`: the cookie store where there are cookies, else
 * a memory store.
 * @param {string} clientId
 * @param {boolean} secure
 */
export function defaultStore(clientId, secure) {
  return hasCookies() ? cookieStore(clientId, secure) : memoryStore();
}
