// The JavaScript half of the binding layer: the SDK's value classes, the object that exposes
// the endpoint table as `sdk.<namespace>.<method>`, and the guard that copies caller values
// before the wasm side reads them. Every call goes to the wasm client; what can throw (getters,
// Proxies, callbacks, stores) is run here, where an exception cannot unwind through wasm frames.

/** How deeply caller values may nest: the same limit as the response decoder's. */
const MAX_DEPTH = 512;
/** The most entries one caller array may have (a sparse `length` of 2**32 would hang). */
const MAX_ARRAY = 1000000;
/** @type {Record<string, string>} */
const PREFIX = {
  'invalid-params': 'Invalid parameters: ',
  'invalid-config': 'Invalid SDK config: ',
  'token-store': 'Token store failed: ',
  internal: 'Internal error: ',
};

/**
 * An `Error` shaped as the wasm side's errors: `name` `SdkError`, a stable `code`, `cause`.
 * @param {string} code
 * @param {string} message
 * @param {unknown} [cause]
 */
export function sdkError(code, message, cause) {
  const error = new Error((PREFIX[code] || '') + message, cause === undefined ? undefined : { cause });
  error.name = 'SdkError';
  // @ts-ignore: the SDK's errors carry a stable code.
  error.code = code;
  return error;
}

// Brand checks: true only for genuine host objects (a Proxy or a look-alike fails them), and they
// run no caller code.
/** @type {(proto: any, key: string) => (v: unknown) => boolean} */
const brand = (proto, key) => {
  const getter = proto && Object.getOwnPropertyDescriptor(proto, key);
  return (v) => {
    try {
      getter.get ? getter.get.call(v) : getter.value.call(v, '');
      return true;
    } catch (_) {
      return false;
    }
  };
};
const isBlob = brand(typeof Blob === 'function' && Blob.prototype, 'size');
const isFormData = brand(typeof FormData === 'function' && FormData.prototype, 'has');
/** @type {(v: unknown) => number | undefined} */
const dateTime = (v) => {
  try {
    return Date.prototype.getTime.call(v);
  } catch (_) {
    return undefined;
  }
};
// Arrays, and objects whose prototype is `Object.prototype`, `null` or one of the SDK's `types`
// classes, are never host objects, so they skip the brand checks above, which throw (slowly) for everything they do not match:
// three exceptions an object made `transit.write` of a page of listings ten times slower.
/** @type {(v: unknown) => boolean} */
const isPlainOrArray = (v) => {
  if (Array.isArray(v)) return true;
  try {
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null || TYPE_PROTOTYPES.has(proto);
  } catch (_) {
    return false; // a throwing Proxy trap: the brand checks and the walk report it
  }
};
const SDK_FIELDS = ['uuid', 'lat', 'lng', 'ne', 'sw', 'amount', 'currency', 'value'];
/** Config keys holding live objects, kept as given: stores have state, agents are ignored. */
const CONFIG_LIVE_KEYS = ['tokenStore', 'adapter', 'httpAgent', 'httpsAgent'];

/**
 * A copy of a caller value that the wasm side can read without running caller code: plain
 * objects (no prototype, so a `__proto__` key stays a key), arrays, fresh `Date`s, and the
 * caller's own primitives, functions, symbols, `File`s, `Blob`s and `FormData`s, which the wasm
 * side checks. Every getter and Proxy trap runs here, once. `undefined` entries are dropped.
 * Throws an SdkError with `code` naming the path of a cycle (where it closes), of nesting deeper
 * than 512, of a too-long array, or of a value whose reading threw (the exception as `cause`).
 * With `config`, the top-level stores and agents are kept as they are.
 * @param {any} value
 * @param {string | undefined} root
 * @param {string} code
 * @param {boolean} [config]
 * @returns {any}
 */
export function plainCopy(value, root, code, config) {
  /** @type {Map<object, string>} */
  const open = new Map(); // the objects being copied (the current path), to find cycles
  /** @type {(path: string | undefined) => string} */
  const name = (path) => `\`${path || root || 'params'}\``;
  // One property read: a throwing getter or trap is named by its own path.
  /** @type {(v: any, key: string | number, path: string) => any} */
  const read = (v, key, path) => {
    try {
      return v[key];
    } catch (error) {
      throw sdkError(code, `${name(path)} could not be read: ${describe(error)}`, error);
    }
  };
  /** @type {(v: any, path: string, depth: number) => any} */
  const walk = (v, path, depth) => {
    if (typeof v !== 'object' || v === null) return v;
    if (!isPlainOrArray(v)) {
      const time = dateTime(v);
      if (time !== undefined) return new Date(time);
      if (isBlob(v) || isFormData(v)) return v;
    }
    if (open.has(v)) {
      throw sdkError(code, `${name(path)} refers back to ${name(open.get(v))}: a cycle, which cannot be sent`);
    }
    if (depth >= MAX_DEPTH) throw sdkError(code, `${name(path)} is nested deeper than ${MAX_DEPTH} levels`);
    open.set(v, path);
    /** @type {any} */
    let out;
    try {
      if (Array.isArray(v)) {
        const length = v.length;
        if (!(length <= MAX_ARRAY)) throw sdkError(code, `${name(path)} has more than ${MAX_ARRAY} entries`);
        out = new Array(length);
        for (let i = 0; i < length; i++) {
          const at = `${path}[${i}]`;
          out[i] = walk(read(v, i, at), at, depth + 1);
        }
      } else {
        out = Object.create(null);
        const keys = Object.keys(v);
        const type = v._sdkType;
        if (typeof type === 'string') keys.push('_sdkType', ...SDK_FIELDS);
        for (const key of keys) {
          if (key in out) continue;
          const at = path ? `${path}.${key}` : key;
          const item = read(v, key, at);
          if (item !== undefined) out[key] = walk(item, at, depth + 1);
        }
      }
    } catch (/** @type {any} */ error) {
      if (error && error.name === 'SdkError') throw error;
      throw sdkError(code, `${name(path)} could not be read: ${describe(error)}`, error);
    }
    open.delete(v);
    return out;
  };
  try {
    if (!config || typeof value !== 'object' || value === null) return walk(value, '', 0);
    const out = Object.create(null);
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item !== undefined) out[key] = CONFIG_LIVE_KEYS.includes(key) ? item : walk(item, key, 1);
    }
    return out;
  } catch (/** @type {any} */ error) {
    if (error && error.name === 'SdkError') throw error;
    throw sdkError(code, `${name('')} could not be read: ${describe(error)}`, error);
  }
}

/**
 * A short description of a thrown value for a message (its own message is the caller's).
 * @param {unknown} error
 */
function describe(error) {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
  } catch (_) {
    return 'an exception';
  }
}

/**
 * Calls `notify` once when `signal` aborts; returns the function that stops listening.
 * @param {AbortSignal} signal
 * @param {() => void} notify
 */
export function watchAbort(signal, notify) {
  if (signal.aborted) {
    notify();
    return () => {};
  }
  signal.addEventListener('abort', notify, { once: true });
  return () => signal.removeEventListener('abort', notify);
}

const isAbortSignal = brand(typeof AbortSignal === 'function' && AbortSignal.prototype, 'aborted');

/**
 * The `signal` of a call's options: an `AbortSignal`, or `undefined`. Throws an SdkError
 * (`invalid-params`) for anything else or options that cannot be read; `aborted` when it
 * already has aborted, so nothing starts.
 * @param {any} opts
 * @returns {AbortSignal | undefined}
 */
function signalOf(opts) {
  if (opts === undefined || opts === null) return undefined;
  let signal;
  try {
    signal = opts.signal;
  } catch (error) {
    throw sdkError('invalid-params', `\`opts.signal\` could not be read: ${describe(error)}`, error);
  }
  if (signal === undefined || signal === null) return undefined;
  if (!isAbortSignal(signal)) throw sdkError('invalid-params', '`opts.signal` must be an AbortSignal');
  if (signal.aborted) {
    const error = new Error('Request aborted');
    error.name = 'SdkError';
    // @ts-ignore: the SDK's errors carry a stable code.
    error.code = 'aborted';
    throw error;
  }
  return signal;
}

/**
 * Calls `store[method](arg)` and always returns a promise, never throws: a throwing or
 * rejecting store, a throwing `then`, and (with `timeoutMs`) a store that never settles all
 * reject. A timeout rejects with the string `'timeout'`. The timer is cleared when the call
 * settles.
 * @param {any} store
 * @param {string} method
 * @param {unknown} arg
 * @param {number} [timeoutMs]
 * @returns {Promise<any>}
 */
export function callStore(store, method, arg, timeoutMs) {
  let result;
  try {
    result = Promise.resolve(store[method](arg));
  } catch (error) {
    return Promise.reject(error);
  }
  if (timeoutMs === undefined) return result;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject('timeout'), timeoutMs);
  });
  return Promise.race([result, expired]).finally(() => clearTimeout(timer));
}

/** A UUID, as the API sends ids. */
export class UUID {
  /** @param {string} uuid */
  constructor(uuid) {
    this._sdkType = 'UUID';
    this.uuid = uuid;
  }
}

/** A geographic point. */
export class LatLng {
  /** @param {number} lat @param {number} lng */
  constructor(lat, lng) {
    this._sdkType = 'LatLng';
    this.lat = lat;
    this.lng = lng;
  }
}

/** A bounding box given by its north-east and south-west corners (LatLng). */
export class LatLngBounds {
  /** @param {any} ne a LatLng @param {any} sw a LatLng */
  constructor(ne, sw) {
    this._sdkType = 'LatLngBounds';
    this.ne = ne;
    this.sw = sw;
  }
}

/** An amount of money in minor units (cents) with an ISO 4217 currency code. */
export class Money {
  /** @param {number} amount @param {string} currency */
  constructor(amount, currency) {
    this._sdkType = 'Money';
    this.amount = amount;
    this.currency = currency;
  }
}

/** An arbitrary-precision decimal, kept as its text. */
export class BigDecimal {
  /** @param {string} value */
  constructor(value) {
    this._sdkType = 'BigDecimal';
    this.value = value;
  }
}

for (const cls of [UUID, LatLng, LatLngBounds, Money, BigDecimal]) {
  /** @type {any} */ (cls)._sdkType = cls.name;
}

// Replaces the `{ _sdkType, ... }` markers of a parsed response with class instances and
// dates, in place; returns the (possibly replaced) value.
/**
 * @param {any} value
 * @returns {any}
 */
function revive(value) {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'object' && item !== null) value[i] = revive(item);
    }
    return value;
  }
  switch (value._sdkType) {
    case 'UUID': return new UUID(value.uuid);
    case 'LatLng': return new LatLng(value.lat, value.lng);
    case 'Money': return new Money(value.amount, value.currency);
    case 'BigDecimal': return new BigDecimal(value.value);
    case 'Date': return new Date(value.ms);
    case 'LatLngBounds': return new LatLngBounds(revive(value.ne), revive(value.sw));
    default:
      for (const key in value) {
        const item = value[key];
        if (typeof item === 'object' && item !== null) value[key] = revive(item);
      }
      return value;
  }
}

/**
 * Parses JSON written by the wasm side; revives SDK types when it says there are any.
 * @param {string} text
 * @param {boolean} hasMarkers
 */
export function fromMarkerJson(text, hasMarkers) {
  const value = JSON.parse(text);
  return hasMarkers && typeof value === 'object' && value !== null ? revive(value) : value;
}

/** @type {Record<string, Function>} */
const CLASSES = { UUID, LatLng, LatLngBounds, Money, BigDecimal };

/**
 * A plain object with `_sdkType` (e.g. from JSON) as an instance of its class; else itself.
 * @param {any} value
 */
function toType(value) {
  try {
    return toTypeOf(value);
  } catch (_) {
    return value; // unreadable (a throwing getter or Proxy): not an SDK type
  }
}

/**
 * [`toType`] without the guard against unreadable values.
 * @param {any} value
 * @returns {any}
 */
function toTypeOf(value) {
  const cls = value && CLASSES[value._sdkType];
  if (!cls) return value;
  switch (cls) {
    case UUID: return new UUID(value.uuid);
    case LatLng: return new LatLng(value.lat, value.lng);
    case LatLngBounds: return new LatLngBounds(toTypeOf(value.ne), toTypeOf(value.sw));
    case Money: return new Money(value.amount, value.currency);
    default: return new BigDecimal(value.value);
  }
}

/** The prototypes of the `types` classes, which `plainCopy` walks as plain objects. */
const TYPE_PROTOTYPES = new Set([UUID, LatLng, LatLngBounds, Money, BigDecimal].map((c) => c.prototype));

/** The classes above plus the JSON helpers, as the package's `types` export. */
export function sdkTypes() {
  return {
    ...CLASSES,
    toType,
    // For `JSON.parse(text, types.reviver)`: restores SDK types written by `JSON.stringify`.
    reviver: (/** @type {string} */ _key, /** @type {unknown} */ value) => toType(value),
    // Kept for code written against the official SDK; instances serialise by themselves.
    replacer: (/** @type {string} */ _key, /** @type {unknown} */ value) => value,
  };
}

/**
 * The application-type converters of `typeHandlers` (checked by the wasm side): `read` turns
 * SDK type instances in a response into application values, `write` turns application values
 * in request params into SDK types, both as the official SDK does. Identity without handlers.
 * @param {any[]} handlers
 */
export function typeConverters(handlers) {
  const readers = handlers.filter((h) => h.reader).map((h) => [h.sdkType || h.type, h.reader]);
  const writers = handlers.filter((h) => h.writer).map((h) => [h.appType || h.customType, h.canHandle, h.writer]);
  // Stops at cycles and at the depth limit, leaving the value as it is for `plainCopy` to
  // report.
  /** @type {(value: any, convert: (v: any) => any, open?: Set<object>) => any} */
  const walk = (value, convert, open = new Set()) => {
    const converted = convert(value);
    if (converted !== value) return converted;
    if (!value || typeof value !== 'object' || open.has(value) || open.size >= MAX_DEPTH) return value;
    open.add(value);
    let out = value;
    if (Array.isArray(value)) out = value.map((v) => walk(v, convert, open));
    else if (Object.getPrototypeOf(value) === Object.prototype) {
      out = {};
      for (const k of Object.keys(value)) out[k] = walk(value[k], convert, open);
    }
    open.delete(value);
    return out;
  };
  /** @type {(v: any) => any} */
  const readOne = (v) => {
    if (!v || typeof v !== 'object') return v;
    const found = readers.find(([cls]) => v instanceof cls);
    return found ? found[1](v) : v;
  };
  /** @type {(v: any) => any} */
  const writeOne = (v) => {
    if (!v || typeof v !== 'object' || v._sdkType) return v;
    const found = writers.find(([cls, canHandle]) => (cls && v instanceof cls) || (canHandle && canHandle(v)));
    return found ? found[2](v) : v;
  };
  /** @type {(what: string, run: (value: any) => any) => (value: any) => any} */
  const guarded = (what, run) => (value) => {
    try {
      return run(value);
    } catch (/** @type {any} */ error) {
      if (error && error.name === 'SdkError') throw error;
      throw sdkError('invalid-config', `a typeHandlers ${what} threw: ${describe(error)}`, error);
    }
  };
  return {
    read: readers.length ? guarded('reader', (res) => ({ ...res, data: walk(res.data, readOne) })) : (/** @type {any} */ res) => res,
    write: writers.length ? guarded('writer or canHandle', (params) => walk(params, writeOne)) : (/** @type {any} */ params) => params,
  };
}

/**
 * Builds the public SDK object over a wasm client. `endpoints` rows are
 * [namespace, method, path, isQuery]: queries take (params), commands (body, query, opts).
 * @param {any} client
 * @param {any[][]} endpoints
 * @param {any[]} typeHandlers
 */
export function buildSdk(client, endpoints, typeHandlers) {
  const { read, write } = typeConverters(typeHandlers);
  // Every method returns a promise and never throws: what throws becomes a rejection.
  /** @type {(run: (...args: any[]) => any) => (...args: any[]) => any} */
  const method = (run) => (...args) => {
    try {
      return run(...args);
    } catch (/** @type {any} */ error) {
      return Promise.reject(error && error.name === 'SdkError' ? error : sdkError('internal', describe(error), error));
    }
  };
  // `opts` (`{ signal }`) is the last argument: the second for queries, login and assets,
  // the first for logout, the third for commands (beside `onUploadProgress`).
  /** @type {Record<string, any>} */
  const sdk = {
    login: method((params, opts) => client.login(params, signalOf(opts))),
    loginAs: method((params, opts) => client.loginAs(params, signalOf(opts))),
    logout: method((opts) => client.logout(signalOf(opts))),
    authInfo: method(() => client.authInfo()),
    assetByAlias: method((params, opts) => client.fetchAssets(false, false, params, signalOf(opts))),
    assetByVersion: method((params, opts) => client.fetchAssets(true, false, params, signalOf(opts))),
    assetsByAlias: method((params, opts) => client.fetchAssets(false, true, params, signalOf(opts))),
    assetsByVersion: method((params, opts) => client.fetchAssets(true, true, params, signalOf(opts))),
  };
  for (const [namespace, name, path, isQuery] of endpoints) {
    const ns = sdk[namespace] || (sdk[namespace] = {});
    ns[name] = isQuery
      ? method((params, opts) => client.call(path, write(params), undefined, undefined, signalOf(opts)).then(read))
      : method((body, query, opts) => client.call(path, write(body), write(query), opts, signalOf(opts)).then(read));
  }
  return sdk;
}
