// The Transit JSON reader of `transit.read`: the engine's `JSON.parse`, then one pass that
// resolves Transit's key cache (`^N`) and tags into plain values, `Date`s and the SDK's `types`
// instances. It needs no WebAssembly, so `transit.read` works synchronously everywhere, also in a
// browser before the module has loaded; and it is faster than transcoding in wasm and parsing
// the result (README, Measurements).
//
// The reference is the Rust reader (codec/src/transit.rs, used by the sandbox, and the wasm
// transcoder src/core/transcode.rs); tests/node/transit_read.test.mjs feeds both the same
// generated documents and requires equal results. The rules followed here, as transit-js has them:
// - Cache: a map key longer than 3 UTF-16 units, and a `~:`, `~$` or `~#` string longer than 3
//   anywhere, is remembered in order of appearance; `^` plus one or two base-44 digits from '0'
//   refers back to it; after 44×44 entries the numbering starts over.
// - Keywords and symbols are plain strings, sets and lists arrays, map keys strings.
// - A two-element array or one-key object whose first item is a tag (`~#name`, or a cache code
//   of one) is a tagged value; directly inside a tag's payload it is not.
//
// No recursion limit of the engine is reached: documents nested deeper than 512 arrays and
// objects fail, as in the Rust decoder.

/** How deeply arrays and objects may nest: the Rust decoder's limit. */
const MAX_DEPTH = 512;
/** Digits per cache code position, and how many entries the cache holds before starting over. */
const CACHE_DIGITS = 44;
const MAX_CACHE = CACHE_DIGITS * CACHE_DIGITS;
/** The largest magnitude of an `i64` (2^63); `~i`/`~n`/`~m` beyond it are not integers. */
const I64_LIMIT = 2n ** 63n;

/**
 * The SDK's value classes, as `js/sdk.js` defines them.
 * @typedef {object} SdkClasses
 * @property {new (uuid: string) => object} UUID
 * @property {new (lat: number, lng: number) => object} LatLng
 * @property {new (ne: object, sw: object) => object} LatLngBounds
 * @property {new (amount: number, currency: string) => object} Money
 * @property {new (value: string) => object} BigDecimal
 */

/** A decoded `~#name` string: it gives meaning to the value after it. */
class Tag {
  /** @param {string} name */
  constructor(name) {
    this.name = name;
  }
}

/** A cache entry whose value is an object (a UUID, say): decoded again at each use, so no two places share one instance. */
class Reparse {
  /** @param {string} text */
  constructor(text) {
    this.text = text;
  }
}

/** @type {Record<string, string>} the message prefix of each code that has one */
const PREFIX = {
  'invalid-params': 'Invalid parameters: ',
  'invalid-config': 'Invalid SDK config: ',
  'invalid-response': 'Invalid response: ',
  'token-store': 'Token store failed: ',
  internal: 'Internal error: ',
};

/**
 * An `Error` shaped as the wasm side's errors: `name` `SdkError`, a stable `code`, the code's
 * prefix before `message`, and `cause` when given. The one such helper of the JS runtime
 * (js/sdk.js and the package's modules use it too); this module imports nothing, so every
 * other can import it from here.
 * @param {string} code
 * @param {string} message
 * @param {unknown} [cause]
 * @returns {Error & { code: string }}
 */
export function sdkError(code, message, cause) {
  // @ts-ignore: `cause` is ES2022 (engines without it ignore the option); this file is checked for ES2020.
  const error = /** @type {Error & { code: string }} */ (new Error((PREFIX[code] || '') + message, cause === undefined ? undefined : { cause }));
  error.name = 'SdkError';
  error.code = code;
  return error;
}

/** @param {string} message */
const invalid = (message) => sdkError('invalid-response', message);

/**
 * `text` as an `i64` (Rust's `str::parse`: an optional sign and digits), as a JS number; or
 * undefined.
 * @param {string} text
 */
function parseI64(text) {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  if (text.length > 18) {
    const n = BigInt(text);
    if (n >= I64_LIMIT || n < -I64_LIMIT) return undefined;
  }
  return Number(text);
}

/**
 * A float as Rust's `str::parse::<f64>` reads it, written back as the Rust side writes floats
 * into JSON: NaN and infinities are `null`, -0 is 0. Undefined when it is no number.
 * @param {string} text
 */
function parseFloatText(text) {
  let n;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) n = Number(text);
  else if (/^[+-]?(inf|infinity|nan)$/i.test(text)) n = NaN;
  else return undefined;
  return Number.isFinite(n) ? n || 0 : null;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date.
 * @param {number} year @param {number} month @param {number} day
 */
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Milliseconds since the epoch of an ISO 8601 instant as `~t` carries it (the Rust reader's
 * grammar: `YYYY-MM-DD` or a signed six-digit year, optional `THH:MM[:SS[.fff]]`, then `Z` or
 * an offset); undefined when malformed.
 * @param {string} text
 */
function parseIso8601(text) {
  const m = /^(?:([+-])(\d{6})|(\d{4}))-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (!m) return undefined;
  const year = m[3] !== undefined ? Number(m[3]) : (m[1] === '-' ? -1 : 1) * Number(m[2]);
  const month = Number(m[4]);
  const day = Number(m[5]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  let ms = daysFromCivil(year, month, day) * 86400000;
  if (m[6] === undefined) return ms;
  const hour = Number(m[6]);
  const minute = Number(m[7]);
  const second = m[8] === undefined ? 0 : Number(m[8]);
  const millis = m[9] === undefined ? 0 : Number(m[9].slice(0, 3).padEnd(3, '0'));
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  ms += ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  const zone = m[10];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60000;
    ms += zone[0] === '+' ? -offset : offset;
  }
  return ms;
}

/**
 * A reader of Transit JSON documents producing instances of `classes`.
 * @param {SdkClasses} classes
 * @returns {(text: unknown) => unknown} throws an SdkError: `invalid-params` when `text` is not
 *   a string, `invalid-response` when it is not a Transit document the Rust reader accepts (not
 *   JSON, nested deeper than 512, an unknown cache reference, a malformed `~m`/`~t`/`~d`/`~z`,
 *   a `~#geo`/`~#mn` payload of the wrong shape, a map with a key but no value).
 */
export function createTransitReader(classes) {
  const { UUID, LatLng, LatLngBounds, Money, BigDecimal } = classes;

  /**
   * The value of the scalar `~<tag><rep>`.
   * @param {string} tag @param {string} rep
   * @returns {unknown}
   */
  function scalar(tag, rep) {
    switch (tag) {
      case ':': return rep;
      case 'u': return new UUID(rep);
      case 'f': return new BigDecimal(rep);
      case 'm': {
        const ms = parseI64(rep);
        if (ms === undefined) throw invalid(`invalid ~m instant \`${rep}\``);
        return new Date(ms);
      }
      case 't': {
        const ms = parseIso8601(rep);
        if (ms === undefined) throw invalid(`invalid ~t instant \`${rep}\``);
        return new Date(ms);
      }
      case 'i':
      case 'n': {
        const n = parseI64(rep);
        return n === undefined ? rep : n;
      }
      case 'd': {
        const n = parseFloatText(rep);
        if (n === undefined) throw invalid(`invalid ~d number \`${rep}\``);
        return n;
      }
      case 'z':
        // NaN and the infinities: `null`, as the Rust side writes them into JSON.
        if (rep === 'NaN' || rep === 'INF' || rep === '-INF') return null;
        throw invalid(`invalid ~z number \`${rep}\``);
      case '?': return rep === 't';
      case '_': return null;
      // Symbols, URIs, chars, binary and unknown scalar tags: their text.
      default: return rep;
    }
  }

  /**
   * One string that is not a cache reference: a value or a Tag.
   * @param {string} s
   * @returns {unknown}
   */
  function parseString(s) {
    if (s.length < 2 || s.charCodeAt(0) !== 126) return s;
    const c = s.charCodeAt(1);
    if (c === 126 || c === 94 || c === 96) return s.slice(1); // ~~ ~^ ~`
    if (c === 35) return new Tag(s.slice(2)); // ~#
    if (c < 128) return scalar(s[1], s.slice(2));
    return s; // `~` and a non-ASCII character: no Transit escape
  }

  /**
   * The reader of one document: its cache, and the walk over `JSON.parse`'s tree.
   * @param {unknown} tree
   */
  function decodeDocument(tree) {
    /** @type {unknown[]} */
    const entries = [];
    /** @type {string[]} the text each entry was read from */
    const texts = [];
    let next = 0;

    /** @param {string} s @param {unknown} atom */
    const remember = (s, atom) => {
      if (next === MAX_CACHE) next = 0;
      texts[next] = s;
      entries[next++] = typeof atom === 'object' && atom !== null && !(atom instanceof Tag) ? new Reparse(s) : atom;
    };

    /**
     * The entry a cache code stands for, with the Rust reader's arithmetic on the code's
     * bytes (a non-ASCII code never names an entry).
     * @param {string} code
     */
    const indexOf = (code) => {
      const hi = code.charCodeAt(1);
      let index = -1;
      if (hi < 128) {
        if (code.length === 2) index = (hi - 48) & 255;
        else if (code.length === 3) {
          const lo = code.charCodeAt(2);
          if (lo < 128) index = ((hi - 48) & 255) * CACHE_DIGITS + ((lo - 48) & 255);
        }
      }
      if (index < 0 || index >= entries.length) throw invalid(`unknown cache reference \`${code}\``);
      return index;
    };

    /**
     * The entry cache code `code` stands for: a value or a Tag.
     * @param {string} code
     */
    const recall = (code) => {
      const entry = entries[indexOf(code)];
      return entry instanceof Reparse ? parseString(entry.text) : entry;
    };

    /** @param {string} s */
    const isCacheCode = (s) => s.charCodeAt(0) === 94 && s.charCodeAt(1) !== 32;

    /**
     * A string in a value's place that starts with `~` or `^`, resolving the cache (a tag
     * string stands for its own text there).
     * @param {string} s
     * @returns {unknown}
     */
    const text = (s) => {
      if (s.charCodeAt(0) === 126) {
        const second = s.charCodeAt(1);
        if (second === 58) {
          // `~:`, a keyword: the usual case.
          const atom = s.slice(2);
          if (s.length > 3) remember(s, atom);
          return atom;
        }
        const atom = parseString(s);
        if (s.length > 3 && (second === 36 || second === 35)) remember(s, atom);
        return atom instanceof Tag ? s : atom;
      }
      // `^` and not `^ `: a cache reference. Other strings are themselves.
      if (s.charCodeAt(1) === 32) return s;
      const atom = recall(s);
      return atom instanceof Tag ? `~#${atom.name}` : atom;
    };

    /**
     * The tag named by `s` when it is a tag string or a cache code of one, else null; a new
     * tag string is cached, as reading it would.
     * @param {string} s
     */
    const tagOf = (s) => {
      if (s.charCodeAt(0) === 126 && s.charCodeAt(1) === 35) {
        const tag = new Tag(s.slice(2));
        if (s.length > 3) remember(s, tag);
        return tag.name;
      }
      if (isCacheCode(s)) {
        const entry = recall(s);
        return entry instanceof Tag ? entry.name : null;
      }
      return null;
    };

    /**
     * One decoded value; `depth` is that of the array or object holding it.
     * @param {unknown} node @param {number} depth
     * @returns {unknown}
     */
    const value = (node, depth) => {
      if (typeof node === 'string') {
        const first = node.charCodeAt(0);
        return first === 126 || first === 94 ? text(node) : node;
      }
      if (typeof node !== 'object' || node === null) return node;
      if (Array.isArray(node)) return array(node, false, depth + 1);
      return object(/** @type {Record<string, unknown>} */ (node), depth + 1);
    };

    /** @param {number} depth */
    const enter = (depth) => {
      if (depth > MAX_DEPTH) throw invalid('arrays and objects nested too deeply');
    };

    /**
     * An array, array-form map (`["^ ", k, v, …]`) or tagged value, decoded in place.
     * @param {unknown[]} items @param {boolean} inTag @param {number} depth
     * @returns {unknown}
     */
    const array = (items, inTag, depth) => {
      enter(depth);
      const first = items[0];
      if (typeof first === 'string') {
        if (first === '^ ') return arrayMap(items, depth);
        if (!inTag && items.length === 2) {
          const tag = tagOf(first);
          if (tag !== null) return tagged(tag, items[1], depth);
        } else if (!inTag && items.length > 2) {
          checkPayload(first, items[1]);
        }
      }
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        const v = value(item, depth);
        if (v !== item) items[i] = v;
      }
      return items;
    };

    /**
     * A map key's text, resolving the cache: JS turns every key into a string.
     * @param {unknown} node @param {number} depth
     * @returns {string}
     */
    const key = (node, depth) => {
      if (typeof node !== 'string') return keyText(value(node, depth));
      const first = node.charCodeAt(0);
      if (first === 126) {
        if (node.charCodeAt(1) === 58) {
          const k = node.slice(2);
          if (node.length > 3) remember(node, k);
          return k;
        }
        const atom = parseString(node);
        if (node.length > 3) remember(node, atom);
        return keyText(atom instanceof Tag ? node : atom);
      }
      if (node.length > 3) {
        remember(node, node);
        return node;
      }
      if (first !== 94 || node.charCodeAt(1) === 32) return node;
      // A cache reference, most often to a key seen before.
      const entry = entries[indexOf(node)];
      if (typeof entry === 'string') return entry;
      const atom = entry instanceof Reparse ? parseString(entry.text) : entry;
      return keyText(atom instanceof Tag ? `~#${atom.name}` : atom);
    };

    /**
     * `["^ ", k, v, …]`.
     * @param {unknown[]} items @param {number} depth
     */
    const arrayMap = (items, depth) => {
      if (items.length % 2 === 0) throw invalid('map has a key without a value');
      /** @type {Record<string, unknown>} */
      const out = {};
      let plainType = false;
      for (let i = 1; i < items.length; i += 2) {
        const k = key(items[i], depth);
        const item = items[i + 1];
        const v = value(item, depth);
        if (k === '_sdkType') plainType = isPlainText(item);
        if (k === '__proto__') put(out, k, v);
        else out[k] = v;
      }
      return finishMap(out, plainType);
    };

    /**
     * A verbose map (a JSON object), or a one-key object holding a tagged value.
     * @param {Record<string, unknown>} node @param {number} depth
     */
    const object = (node, depth) => {
      enter(depth);
      const keys = Object.keys(node);
      if (keys.length === 1) {
        const tag = tagOf(keys[0]);
        if (tag !== null) return tagged(tag, node[keys[0]], depth);
      } else if (keys.length > 1) {
        checkPayload(keys[0], node[keys[0]]);
      }
      /** @type {Record<string, unknown>} */
      const out = {};
      let plainType = false;
      for (const raw of keys) {
        const k = key(raw, depth);
        const item = node[raw];
        const v = value(item, depth);
        if (k === '_sdkType') plainType = isPlainText(item);
        put(out, k, v);
      }
      return finishMap(out, plainType);
    };

    /**
     * Whether a map value written as `node` decoded to a plain string, not a keyword (only
     * `_sdkType: "LatLngBounds"` as a string makes a map a LatLngBounds).
     * @param {unknown} node
     */
    const isPlainText = (node) => {
      if (typeof node !== 'string') return false;
      const text = isCacheCode(node) && node.length <= 3 ? texts[indexOf(node)] : node;
      return !text.startsWith('~:');
    };

    /**
     * A `~#geo` or `~#mn` tag opening a longer array (or object) is no tagged value, but the
     * Rust reader still requires its payload's shape there (it reads the payload before it sees
     * the array go on): the same error here. Nothing is cached.
     * @param {string} first @param {unknown} node
     */
    const checkPayload = (first, node) => {
      let tag = null;
      if (first.charCodeAt(0) === 126 && first.charCodeAt(1) === 35) tag = first.slice(2);
      else if (isCacheCode(first)) {
        const entry = recall(first);
        if (entry instanceof Tag) tag = entry.name;
      }
      if (tag === null) return;
      if (tag === 'geo' && !isGeoPayload(node)) throw invalid('~#geo value is not [lat, lng]');
      // An amount with a fraction or exponent makes the Rust reader start over with its tree
      // reader, for which this is a plain array: no error then.
      const fraction = Array.isArray(node) && typeof node[0] === 'number' && !Number.isInteger(node[0]);
      if (tag === 'mn' && !fraction && !isMoneyPayload(node)) throw invalid('~#mn value is not [integer amount, currency]');
    };

    /** @param {unknown} node */
    const isGeoPayload = (node) => Array.isArray(node) && node.length === 2 && typeof node[0] === 'number' && typeof node[1] === 'number';

    /** @param {unknown} node */
    const isMoneyPayload = (node) => Array.isArray(node) && node.length === 2 && Number.isInteger(node[0]) && typeof node[1] === 'string';

    /**
     * The payload of a tagged value.
     * @param {unknown} node @param {number} depth
     */
    const rep = (node, depth) => (Array.isArray(node) ? array(node, true, depth + 1) : value(node, depth));

    /**
     * A tagged value: the tag's meaning applied to its payload `node`.
     * @param {string} tag @param {unknown} node @param {number} depth
     * @returns {unknown}
     */
    const tagged = (tag, node, depth) => {
      switch (tag) {
        case 'geo': {
          if (!isGeoPayload(node)) throw invalid('~#geo value is not [lat, lng]');
          enter(depth + 1);
          const [lat, lng] = /** @type {number[]} */ (node);
          return new LatLng(lat, lng);
        }
        case 'mn': {
          const bad = () => invalid('~#mn value is not [integer amount, currency]');
          if (!isMoneyPayload(node)) throw bad();
          enter(depth + 1);
          const [amount, code] = /** @type {[number, string]} */ (node);
          const currency = value(code, depth);
          if (typeof currency !== 'string') throw bad();
          return new Money(amount, currency);
        }
        case "'":
          return value(node, depth);
        case 'cmap': {
          const parts = rep(node, depth);
          if (!Array.isArray(parts)) return parts;
          /** @type {Record<string, unknown>} */
          const out = {};
          for (let i = 0; i < parts.length; i += 2) put(out, keyText(parts[i]), i + 1 < parts.length ? parts[i + 1] : null);
          return out;
        }
        default:
          // A scalar tag in array form (`["~#u", "…"]`) means what `"~u…"` means.
          if (tag.length === 1 && tag.charCodeAt(0) < 128 && typeof node === 'string') return scalar(tag, node);
          // `set`, `list` and unknown tags: the payload itself.
          return rep(node, depth);
      }
    };

    /**
     * A finished map; the one shape the official writer gives a LatLngBounds comes back as one.
     * @param {Record<string, unknown>} map @param {boolean} plainType
     */
    const finishMap = (map, plainType) => {
      if (plainType && map._sdkType === 'LatLngBounds' && map.ne instanceof LatLng && map.sw instanceof LatLng) {
        const keys = Object.keys(map);
        if (keys.length === 3 && keys[0] === '_sdkType' && keys[1] === 'ne' && keys[2] === 'sw') {
          return new LatLngBounds(map.ne, map.sw);
        }
      }
      return map;
    };

    /**
     * The text of a decoded map key, as the Rust reader writes a non-text key (JSON).
     * @param {unknown} v
     * @returns {string}
     */
    const keyText = (v) => {
      if (typeof v === 'string') return v;
      if (v instanceof UUID) return /** @type {{ uuid: string }} */ (v).uuid;
      if (v instanceof BigDecimal) return /** @type {{ value: string }} */ (v).value;
      return jsonText(v);
    };

    /**
     * @param {unknown} v
     * @returns {string}
     */
    const jsonText = (v) => {
      if (v === null || v === undefined) return 'null';
      if (typeof v === 'number') return Number.isFinite(v) ? String(v || 0) : 'null';
      if (typeof v !== 'object') return JSON.stringify(v);
      if (v instanceof UUID) return JSON.stringify(/** @type {{ uuid: string }} */ (v).uuid);
      if (v instanceof BigDecimal) return JSON.stringify(/** @type {{ value: string }} */ (v).value);
      // A `~m` beyond the range of JS dates has no ISO text in JS (the Rust reader writes a
      // longer year): such a key is `"Invalid Date"` rather than an exception.
      if (v instanceof Date) return JSON.stringify(Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString());
      if (v instanceof LatLng) {
        const p = /** @type {{ lat: number, lng: number }} */ (v);
        return `{"lat":${jsonText(p.lat)},"lng":${jsonText(p.lng)}}`;
      }
      if (v instanceof LatLngBounds) {
        const b = /** @type {{ ne: unknown, sw: unknown }} */ (v);
        return `{"ne":${jsonText(b.ne)},"sw":${jsonText(b.sw)}}`;
      }
      if (v instanceof Money) {
        const m = /** @type {{ amount: number, currency: string }} */ (v);
        return `{"amount":${jsonText(m.amount)},"currency":${JSON.stringify(m.currency)}}`;
      }
      if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`;
      const map = /** @type {Record<string, unknown>} */ (v);
      return `{${Object.keys(map).map((k) => `${JSON.stringify(k)}:${jsonText(map[k])}`).join(',')}}`;
    };

    return value(tree, 0);
  }

  return (text) => {
    if (typeof text !== 'string') {
      throw sdkError('invalid-params', 'transit.read takes a string (the Transit document)');
    }
    let tree;
    try {
      tree = JSON.parse(text);
    } catch (error) {
      throw invalid(`not JSON (${error instanceof Error ? error.message : 'unreadable'})`);
    }
    return decodeDocument(tree);
  };
}

/**
 * Sets `map[key]`, also for `__proto__`, which stays an own key as `JSON.parse` keeps it.
 * @param {Record<string, unknown>} map @param {string} key @param {unknown} v
 */
function put(map, key, v) {
  if (key === '__proto__') Object.defineProperty(map, key, { value: v, writable: true, enumerable: true, configurable: true });
  else map[key] = v;
}
