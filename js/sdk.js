// The JavaScript half of the binding layer: the SDK's value classes, the object that exposes
// the endpoint table as `sdk.<namespace>.<method>`, the guard that copies caller values before
// the wasm side reads them, and the decoding of answers (Transit by transit_read.js). Every call
// goes to the wasm client; what can throw (getters, Proxies, callbacks, stores) is run here,
// where an exception cannot unwind through wasm frames.
import { createTransitReader, sdkError } from './transit_read.js';

export { sdkError };

/** How deeply caller values may nest: the same limit as the response decoder's. */
const MAX_DEPTH = 512;
/** The most entries one caller array may have (a sparse `length` of 2**32 would hang). */
const MAX_ARRAY = 1000000;

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

/** Config keys the JS layer handles itself or ignores; the rest go to the core's validation. */
const CONFIG_JS_KEYS = ['tokenStore', 'typeHandlers', 'adapter', 'httpAgent', 'httpsAgent'];

/**
 * `createInstance`'s config as the wasm side takes it, in one crossing: `[settings, tokenStore,
 * typeHandlers, shapes]`, or `undefined` for a config that is not an object. `settings` is one
 * JSON text `{"key": <encodeValue text>, ...}` of every setting but the keys above, in the
 * config's order, for `core::caller::read_config`; `tokenStore` is the store as given;
 * `typeHandlers` the guarded copy of that array (`[]` when absent) and `shapes` what each
 * handler holds, five characters a handler for `core::type_handlers::check`: the index of its
 * `sdkType` among the `types` classes (`-` for none of them), then `a` (absent), `f` (function)
 * or `o` (other) for its `appType`, `canHandle`, `reader` and `writer`; `shapes` is `undefined`
 * when `typeHandlers` is not an array. Throws an `invalid-config` SdkError for a config that
 * cannot be read (see `plainCopy`) and for a setting that no JSON can carry, naming its key.
 * @param {unknown} config
 * @returns {[string, unknown, unknown[], string | undefined] | undefined}
 */
export function configParts(config) {
  const copy = plainCopy(config, 'config', 'invalid-config', true);
  if (typeof copy !== 'object' || copy === null) return undefined;
  let settings = '';
  for (const key of Object.keys(copy)) {
    if (CONFIG_JS_KEYS.includes(key)) continue;
    let text;
    try {
      text = encodeValue(copy[key], key, 'invalid-config');
    } catch (_) {
      throw sdkError('invalid-config', `\`${key}\` has a value the SDK cannot use`);
    }
    settings += `${settings ? ',' : '{'}${JSON.stringify(key)}:${text}`;
  }
  const given = copy.typeHandlers;
  const handlers = given === undefined || given === null ? [] : given;
  return [settings ? `${settings}}` : '{}', copy.tokenStore, handlers, Array.isArray(handlers) ? handlerShapes(handlers) : undefined];
}

/** What a handler field holds: `a`bsent, `f`unction or `o`ther. @param {unknown} v */
const slot = (v) => (v === undefined || v === null ? 'a' : typeof v === 'function' ? 'f' : 'o');

/**
 * The shapes text of [`configParts`] for a guarded `typeHandlers` array (plain copies: reading
 * them runs no caller code). The old names `type` and `customType` stand in for `sdkType` and
 * `appType` when those are undefined.
 * @param {any[]} handlers
 */
function handlerShapes(handlers) {
  const classes = Object.values(CLASSES);
  let shapes = '';
  for (const h of handlers) {
    const entry = h !== null && (typeof h === 'object' || typeof h === 'function') ? h : {};
    const sdkType = entry.sdkType === undefined ? entry.type : entry.sdkType;
    const index = sdkType === undefined ? -1 : classes.indexOf(sdkType);
    shapes += (index < 0 ? '-' : String(index)) + slot(entry.appType === undefined ? entry.customType : entry.appType) + slot(entry.canHandle) + slot(entry.reader) + slot(entry.writer);
  }
  return shapes;
}

/**
 * The named fields of call params, after the guard (`plainCopy`, code `invalid-params`): each a
 * string as given, an array as a copy with every entry that is not a string `undefined`, and
 * anything else `undefined`, for the wasm side to check (`login`, `loginAs`, the asset calls).
 * Throws what the guard throws.
 * @param {unknown} params
 * @param {string} names comma-separated
 */
export function textFields(params, names) {
  /** @type {any} */
  const copy = plainCopy(params, '', 'invalid-params');
  const readable = copy !== null && (typeof copy === 'object' || typeof copy === 'function');
  return names.split(',').map((name) => {
    const v = readable ? copy[name] : undefined;
    if (typeof v === 'string') return v;
    return Array.isArray(v) ? v.map((p) => (typeof p === 'string' ? p : undefined)) : undefined;
  });
}

/**
 * The asset calls' params (`assetByAlias` and the like) as the JSON text of their
 * `[alias, version, path, paths]` fields, read as `textFields` reads them (`undefined` written
 * as `null`), for `core::assets::call_request` to check. Throws what the guard throws.
 * @param {unknown} params
 */
export const assetFields = (params) => JSON.stringify(textFields(params, 'alias,version,path,paths'));

/**
 * The object `file.metadata` returns, built for the wasm side (`name` `undefined` for a plain
 * `Blob`, the key still there, as the official SDK has it).
 * @param {string | undefined} name
 * @param {string} mimeType
 * @param {number} size
 */
export const metadataObject = (name, mimeType, size) => ({ name, mimeType, size });

/** @type {(v: unknown) => boolean} */
const isBlobInstance = (v) => typeof Blob === 'function' && v instanceof Blob;

/**
 * What kind of value `v` is, for the wasm side's error messages (src/js/convert.rs `KINDS`).
 * @param {unknown} v
 */
function kindOf(v) {
  switch (typeof v) {
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'a boolean';
    case 'function': return 'a function';
  }
  if (Array.isArray(v)) return 'an array';
  if (isBlobInstance(v)) return 'a File or Blob itself';
  return v !== null && typeof v === 'object' ? 'an object' : 'a value of another type';
}

/**
 * `[slot, name, type, size]` of `v` if it is a `File` or `Blob` (`name` null for a plain
 * `Blob`), adding it to `files`, whose index is its slot; else `undefined`.
 * @param {any} v
 * @param {unknown[]} files
 */
function fileRef(v, files) {
  if (!isBlobInstance(v)) return undefined;
  const ref = [files.length, typeof File === 'function' && v instanceof File ? v.name : null, v.type, v.size];
  files.push(v);
  return ref;
}

/**
 * A `file` argument (`file.metadata`, `file.upload`) as the wasm side reads it: `[description,
 * files]`, the description a JSON text: `[slot, name, type, size]` for a `File` or `Blob`
 * (then the one entry of `files`), else the kind of value it is (see `kindOf`).
 * @param {unknown} value
 * @returns {[string, unknown[]]}
 */
export function fileInput(value) {
  /** @type {unknown[]} */
  const files = [];
  const ref = fileRef(value, files);
  return [JSON.stringify(ref || kindOf(value)), files];
}

/**
 * The guarded params of an upload call as the wasm side reads them: `[fields, files, values]`.
 * `fields` is a JSON text: the kind of value `value` is (see `kindOf`) unless it is a plain
 * object or a `FormData`, else its entries in order, each `[name]` (its value is the next of
 * `values`, for the wasm side to read as a caller value) or `[name, slot, fileName, type, size]`
 * (a file of `files`); `undefined` entries are dropped. Throws an `invalid-params` SdkError for
 * a `FormData` that cannot be read.
 * @param {any} value a guarded copy (see `plainCopy`), not null or undefined
 * @returns {[string, unknown[], unknown[]]}
 */
export function uploadInputs(value) {
  /** @type {unknown[]} */
  const files = [];
  /** @type {unknown[]} */
  const values = [];
  /** @type {unknown[][]} */
  const fields = [];
  /** @type {(name: string, item: unknown) => void} */
  const add = (name, item) => {
    if (item === undefined) return;
    const ref = fileRef(item, files);
    if (ref) {
      fields.push([name, ...ref]);
    } else {
      fields.push([name]);
      values.push(item);
    }
  };
  if (typeof FormData === 'function' && value instanceof FormData) {
    /** @type {[string, unknown][]} */
    const entries = [];
    try {
      value.forEach((item, name) => entries.push([name, item]));
    } catch (_) {
      throw sdkError('invalid-params', '`params` is a FormData that cannot be read');
    }
    for (const [name, item] of entries) add(name, item);
    return [JSON.stringify(fields), files, values];
  }
  const plain = value !== null && typeof value === 'object' && !Array.isArray(value) && !isBlobInstance(value) && value._sdkType === undefined;
  if (!plain) return [JSON.stringify(kindOf(value)), files, values];
  for (const key of Object.keys(value)) add(key, value[key]);
  return [JSON.stringify(fields), files, values];
}

/** The `_sdkType`s the core reads; `Date` and `Number` are the writer's own markers. */
const SDK_TYPES = new Set(['UUID', 'LatLng', 'LatLngBounds', 'Money', 'BigDecimal']);

/**
 * A caller value as the one JSON text the wasm side reads (src/core/caller.rs), walked once:
 * every getter and Proxy trap runs here. SDK types are written as their own fields with
 * `_sdkType`, `Date`s as `{"_sdkType":"Date","ms":…}`, NaN and the infinities as
 * `{"_sdkType":"Number","text":"NaN"}`, other numbers as `String(n)`; `undefined` entries are
 * dropped (`null` in arrays) and a `FormData` is `{}`. Throws an SdkError with `code` naming the
 * path of a cycle, of nesting deeper than 512, of a too-long array, of a value whose reading
 * threw (the exception as `cause`), of a function, symbol, bigint, file, invalid `Date` or
 * unknown `_sdkType`. `root` names the value (`query`, `value`; empty for call params).
 * @param {unknown} value
 * @param {string} root
 * @param {string} code
 * @returns {string}
 */
export function encodeValue(value, root, code) {
  const fast = fastText(value);
  return fast === undefined ? walkText(value, root, code) : fast;
}

/** Thrown by the fast path's replacer: the walk takes over (and names the problem, if any). */
const SLOW = new Error('slow path');
/** The start of what `Date.prototype.toJSON` writes (years 0000–9999, and ±YYYYYY). */
const ISO_START = /^([+-]\d\d)?\d{4}-\d\d-\d\dT/;

/**
 * [`encodeValue`]'s text from the engine's own `JSON.stringify` (several times faster than
 * any walk in JS), when the value holds nothing it cannot write as the core reads it: its
 * replacer turns non-finite numbers into their markers and Dates (which `toJSON` wrote as
 * ISO text) into `{"_sdkType":"Date","ms":…}`, and gives up (undefined) at anything else the
 * walk treats specially: functions, symbols, bigints, objects of other classes (files, forms,
 * invalid Dates), unknown `_sdkType`s, too-long arrays, cycles and exceptions (the walk then
 * reports them with their path), and nesting deeper than the walk allows.
 * @param {unknown} value
 * @returns {string | undefined}
 */
function fastText(value) {
  /** @this {any} @param {string} key @param {any} v */
  function replacer(key, v) {
    switch (typeof v) {
      case 'string':
        if (ISO_START.test(v)) {
          const time = dateTime(this[key]);
          if (time !== undefined) return { _sdkType: 'Date', ms: time };
        }
        return v;
      case 'number':
        return Number.isFinite(v) ? v : { _sdkType: 'Number', text: String(v) };
      case 'boolean':
      case 'undefined':
        return v;
      case 'object':
        if (v === null) {
          // An invalid Date's `toJSON` gives null.
          const raw = this[key];
          if (raw !== null && typeof raw === 'object') throw SLOW;
          return v;
        }
        if (Array.isArray(v)) {
          if (!(v.length <= MAX_ARRAY)) throw SLOW;
          return v;
        }
        {
          const proto = Object.getPrototypeOf(v);
          if (proto !== Object.prototype && proto !== null && !TYPE_PROTOTYPES.has(proto)) throw SLOW;
          const type = v._sdkType;
          if (type !== undefined && typeof type === 'string' && !SDK_TYPES.has(type)) throw SLOW;
        }
        return v;
      default:
        throw SLOW;
    }
  }
  let text;
  try {
    text = JSON.stringify(value, replacer);
  } catch (_) {
    return undefined;
  }
  if (text === undefined) return 'null';
  return nesting(text) < MAX_DEPTH ? text : undefined;
}

/**
 * How deeply the arrays and objects of JSON `text` nest.
 * @param {string} text
 */
function nesting(text) {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * [`encodeValue`] by walking the value in JS: every case, with the path of each problem.
 * @param {unknown} value
 * @param {string} root
 * @param {string} code
 * @returns {string}
 */
function walkText(value, root, code) {
  // The path is kept as a stack of keys and indices and spelled out only for a message: most
  // values have thousands of properties and no error.
  /** @type {(string | number)[]} */
  const stack = [];
  /** The path of the first `depth` steps, as `a.b[0].c`. @param {number} depth */
  const pathOf = (depth) => {
    let path = '';
    for (let i = 0; i < depth; i++) {
      const step = stack[i];
      path += typeof step === 'number' ? `[${step}]` : path ? `.${step}` : step;
    }
    return path;
  };
  /** @type {Map<object, number>} the objects being walked (the current path), by depth, to find cycles */
  const open = new Map();
  /** @param {string} path */
  const name = (path) => `\`${path || root || 'params'}\``;
  const here = () => name(pathOf(stack.length));
  // The core's convention for what it checks itself: the root's name before the path.
  const full = () => {
    const path = pathOf(stack.length);
    return name(root && path ? (path[0] === '[' ? root + path : `${root}.${path}`) : path);
  };
  /** @param {any} v @param {string | number} key */
  const read = (v, key) => {
    try {
      return v[key];
    } catch (error) {
      throw sdkError(code, `${here()} could not be read: ${describe(error)}`, error);
    }
  };
  let out = '';
  /** @param {any} v */
  const walk = (v) => {
    switch (typeof v) {
      case 'string': out += JSON.stringify(v); return;
      case 'number': out += Number.isFinite(v) ? String(v) : `{"_sdkType":"Number","text":"${v}"}`; return;
      case 'boolean': out += v ? 'true' : 'false'; return;
      case 'undefined': out += 'null'; return;
      case 'function':
      case 'symbol':
      case 'bigint':
        throw sdkError(code, `${full()} is a function, symbol or bigint, which the API cannot take`);
    }
    if (v === null) {
      out += 'null';
      return;
    }
    if (!isPlainOrArray(v)) {
      const time = dateTime(v);
      if (time !== undefined) {
        if (Number.isNaN(time)) throw sdkError(code, `${full()} is an invalid Date`);
        out += `{"_sdkType":"Date","ms":${time}}`;
        return;
      }
      if (isBlob(v)) {
        throw sdkError(code, `${full()} is a File or Blob; only \`images.upload\` takes a file (as \`{ image: file }\`)`);
      }
      if (isFormData(v)) {
        out += '{}';
        return;
      }
    }
    const depth = stack.length;
    if (open.has(v)) {
      throw sdkError(code, `${here()} refers back to ${name(pathOf(/** @type {number} */ (open.get(v))))}: a cycle, which cannot be sent`);
    }
    if (depth >= MAX_DEPTH) throw sdkError(code, `${here()} is nested deeper than ${MAX_DEPTH} levels`);
    open.set(v, depth);
    try {
      if (Array.isArray(v)) {
        const length = v.length;
        if (!(length <= MAX_ARRAY)) throw sdkError(code, `${here()} has more than ${MAX_ARRAY} entries`);
        out += '[';
        for (let i = 0; i < length; i++) {
          if (i > 0) out += ',';
          stack.push(i);
          walk(read(v, i));
          stack.pop();
        }
        out += ']';
      } else {
        let keys = Object.keys(v);
        const type = v._sdkType;
        if (typeof type === 'string') {
          if (!SDK_TYPES.has(type)) throw sdkError(code, `${full()} has an unknown _sdkType \`${type}\``);
          keys = [...new Set([...keys, '_sdkType', ...SDK_FIELDS])];
        }
        let first = true;
        out += '{';
        for (const key of keys) {
          stack.push(key);
          const item = read(v, key);
          if (item !== undefined) {
            out += first ? JSON.stringify(key) + ':' : ',' + JSON.stringify(key) + ':';
            first = false;
            walk(item);
          }
          stack.pop();
        }
        out += '}';
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'SdkError') throw error;
      stack.length = depth;
      throw sdkError(code, `${here()} could not be read: ${describe(error)}`, error);
    }
    open.delete(v);
  };
  try {
    walk(value);
  } catch (error) {
    // A throwing Proxy check (a revoked Proxy), outside any one property read.
    if (error instanceof Error && error.name === 'SdkError') throw error;
    throw sdkError(code, `${name('')} could not be read: ${describe(error)}`, error);
  }
  return out;
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
  if (signal.aborted) throw sdkError('aborted', 'Request aborted');
  return signal;
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

const CLASSES = { UUID, LatLng, LatLngBounds, Money, BigDecimal };

/** Reads Transit in JS (transit_read.js) into the classes above: `transit.read` and every answer. */
export const readTransit = createTransitReader(CLASSES);

/**
 * `transit.read` for the wasm export `transitRead` (the package's own `transit.read` is index.js's).
 * @param {unknown} text
 */
export function transitRead(text) {
  if (typeof text !== 'string') throw sdkError('invalid-params', 'transit.read takes a string (the Transit document)');
  return readTransit(text);
}

/**
 * Parses JSON the wasm side wrote (login data, Auth API and asset answers).
 * @param {string} text
 * @returns {unknown}
 */
export function fromJson(text) {
  return JSON.parse(text);
}

/**
 * A response body by the kind the wasm side named from its content type. Throws what the reader throws.
 * @param {string} payload `transit`, `json`, `text` or `empty`
 * @param {string} body
 * @returns {unknown}
 */
function decodeBody(payload, body) {
  switch (payload) {
    case 'transit': return readTransit(body);
    case 'json': return JSON.parse(body);
    case 'text': return body;
    default: return null;
  }
}

/**
 * A Marketplace API answer the wasm side left undecoded, as the call's result: for a success
 * (`failure` undefined) `{ status, statusText, data }` with the body decoded, or an
 * `invalid-response` SdkError when it cannot be; for a failure (its message) the `api-error`
 * SdkError with `status`, `statusText` and `data` (the decoded body, or its text when it cannot
 * be decoded), thrown.
 * @param {number} status
 * @param {string} statusText
 * @param {string} payload
 * @param {string} body
 * @param {string | undefined} failure
 */
export function decodeAnswer(status, statusText, payload, body, failure) {
  /** @type {unknown} */
  let data;
  if (failure === undefined) {
    try {
      data = decodeBody(payload, body);
    } catch (error) {
      const what = payload === 'json' ? 'JSON that cannot be parsed' : 'Transit that cannot be decoded';
      const reason = String(error instanceof Error ? error.message : error).replace(/^Invalid response: /, '');
      throw sdkError('invalid-response', `the Marketplace API sent ${what}: ${reason}`);
    }
    return { status, statusText, data };
  }
  try {
    data = decodeBody(payload, body);
  } catch (_) {
    data = body; // a proxy's HTML page, say: its text is the best data there is
  }
  throw Object.assign(sdkError('api-error', failure), { status, statusText, data });
}

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
  const cls = value && /** @type {Record<string, Function | undefined>} */ (CLASSES)[value._sdkType];
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

/** A path segment camel-cased as `core::endpoints` does it (`create_with_idp` → `createWithIdp`). @param {string} segment */
const camelCase = (segment) => segment.replace(/_([\dA-Za-z_])/g, (_, c) => c.toUpperCase());

/**
 * Builds the public SDK object over a wasm client. `endpoints` is the endpoint table as
 * endpoints.js has it: the paths separated by spaces, a query's with `?` after it, an
 * upload's with `!`; the namespace and method are the path's two segments camel-cased, and
 * each call hands the wasm client its entry as it is (the wasm reads what the call is from
 * it). Queries take (params), commands and uploads (body, query, opts).
 * @param {any} client
 * @param {string} endpoints
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
  for (const entry of endpoints.split(' ')) {
    const isQuery = entry.endsWith('?');
    const path = isQuery || entry.endsWith('!') ? entry.slice(0, -1) : entry;
    const at = path.indexOf('/');
    const namespace = camelCase(path.slice(0, at));
    const ns = sdk[namespace] || (sdk[namespace] = {});
    ns[camelCase(path.slice(at + 1))] = isQuery
      ? method((params, opts) => client.call(entry, write(params), undefined, undefined, signalOf(opts)).then(read))
      : method((body, query, opts) => client.call(entry, write(body), write(query), opts, signalOf(opts)).then(read));
  }
  return sdk;
}
