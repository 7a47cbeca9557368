// The JavaScript half of the binding layer: the SDK's value classes and the object that
// exposes the endpoint table as `sdk.<namespace>.<method>`. No logic lives here: every call goes
// straight to the wasm client.

/** A UUID, as the API sends ids. */
export class UUID {
  constructor(uuid) {
    this._sdkType = 'UUID';
    this.uuid = uuid;
  }
}

/** A geographic point. */
export class LatLng {
  constructor(lat, lng) {
    this._sdkType = 'LatLng';
    this.lat = lat;
    this.lng = lng;
  }
}

/** A bounding box given by its north-east and south-west corners (LatLng). */
export class LatLngBounds {
  constructor(ne, sw) {
    this._sdkType = 'LatLngBounds';
    this.ne = ne;
    this.sw = sw;
  }
}

/** An amount of money in minor units (cents) with an ISO 4217 currency code. */
export class Money {
  constructor(amount, currency) {
    this._sdkType = 'Money';
    this.amount = amount;
    this.currency = currency;
  }
}

/** An arbitrary-precision decimal, kept as its text. */
export class BigDecimal {
  constructor(value) {
    this._sdkType = 'BigDecimal';
    this.value = value;
  }
}

for (const cls of [UUID, LatLng, LatLngBounds, Money, BigDecimal]) {
  cls._sdkType = cls.name;
}

// Replaces the `{ _sdkType, ... }` markers of a parsed response with class instances and
// dates, in place; returns the (possibly replaced) value.
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

/** Parses JSON written by the wasm side; revives SDK types when it says there are any. */
export function fromMarkerJson(text, hasMarkers) {
  const value = JSON.parse(text);
  return hasMarkers && typeof value === 'object' && value !== null ? revive(value) : value;
}

const CLASSES = { UUID, LatLng, LatLngBounds, Money, BigDecimal };

/** A plain object with `_sdkType` (e.g. from JSON) as an instance of its class; else itself. */
function toType(value) {
  const cls = value && CLASSES[value._sdkType];
  if (!cls) return value;
  switch (cls) {
    case UUID: return new UUID(value.uuid);
    case LatLng: return new LatLng(value.lat, value.lng);
    case LatLngBounds: return new LatLngBounds(toType(value.ne), toType(value.sw));
    case Money: return new Money(value.amount, value.currency);
    default: return new BigDecimal(value.value);
  }
}

/** The classes above plus the JSON helpers, as the package's `types` export. */
export function sdkTypes() {
  return {
    ...CLASSES,
    toType,
    // For `JSON.parse(text, types.reviver)`: restores SDK types written by `JSON.stringify`.
    reviver: (_key, value) => toType(value),
    // Kept for code written against the official SDK; instances serialise by themselves.
    replacer: (_key, value) => value,
  };
}

/**
 * The application-type converters of `typeHandlers` (checked by the wasm side): `read` turns
 * SDK type instances in a response into application values, `write` turns application values
 * in request params into SDK types, both as the official SDK does. Identity without handlers.
 */
export function typeConverters(handlers) {
  const readers = handlers.filter((h) => h.reader).map((h) => [h.sdkType || h.type, h.reader]);
  const writers = handlers.filter((h) => h.writer).map((h) => [h.appType || h.customType, h.canHandle, h.writer]);
  const walk = (value, convert) => {
    const converted = convert(value);
    if (converted !== value) return converted;
    if (Array.isArray(value)) return value.map((v) => walk(v, convert));
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const out = {};
      for (const k of Object.keys(value)) out[k] = walk(value[k], convert);
      return out;
    }
    return value;
  };
  const readOne = (v) => {
    if (!v || typeof v !== 'object') return v;
    const found = readers.find(([cls]) => v instanceof cls);
    return found ? found[1](v) : v;
  };
  const writeOne = (v) => {
    if (!v || typeof v !== 'object' || v._sdkType) return v;
    const found = writers.find(([cls, canHandle]) => (cls && v instanceof cls) || (canHandle && canHandle(v)));
    return found ? found[2](v) : v;
  };
  return {
    read: readers.length ? (res) => ({ ...res, data: walk(res.data, readOne) }) : (res) => res,
    write: writers.length ? (params) => walk(params, writeOne) : (params) => params,
  };
}

/**
 * Builds the public SDK object over a wasm client. `endpoints` rows are
 * [namespace, method, path, isQuery]: queries take (params), commands (body, query, opts).
 */
export function buildSdk(client, endpoints, typeHandlers) {
  const { read, write } = typeConverters(typeHandlers);
  const sdk = {
    login: (params) => client.login(params),
    loginAs: (params) => client.loginAs(params),
    logout: () => client.logout(),
    authInfo: () => client.authInfo(),
    assetByAlias: (params) => client.fetchAssets(false, false, params),
    assetByVersion: (params) => client.fetchAssets(true, false, params),
    assetsByAlias: (params) => client.fetchAssets(false, true, params),
    assetsByVersion: (params) => client.fetchAssets(true, true, params),
  };
  for (const [namespace, method, path, isQuery] of endpoints) {
    const ns = sdk[namespace] || (sdk[namespace] = {});
    ns[method] = isQuery
      ? (params) => client.call(path, write(params), undefined, undefined).then(read)
      : (body, query, opts) => client.call(path, write(body), write(query), opts).then(read);
  }
  return sdk;
}
