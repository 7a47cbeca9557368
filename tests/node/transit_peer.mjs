// The official SDK's Transit codec as a test peer for the Rust codec (codec/src/transit.rs).
//
// Protocol: one JSON object on stdin, one on stdout.
//   in:  {"values": [neutral, ...], "documents": ["<transit text>", ...]}
//   out: {"written": [["<transit>", "<verbose transit>"], ...], "read": [neutral, ...]}
// `written[i]` is `values[i]` written with the official `transit.write` (non-verbose, verbose);
// `read[i]` is `documents[i]` read with the official `transit.read`.
//
// The neutral form is plain JSON where SDK types and dates are one-key objects:
//   {"$uuid": "…"}  {"$latlng": [lat, lng]}  {"$bounds": [[neLat, neLng], [swLat, swLng]]}
//   {"$money": [amount, "USD"]}  {"$decimal": "1.50"}  {"$date": <epoch ms>}
// A map that itself has a single key starting with "$" is wrapped as {"$map": {…}}.
// Exit status 1 with a message on stderr when anything goes wrong.

import sdk from 'sharetribe-flex-sdk';

const { transit, types } = sdk;

const toJs = (n) => {
  if (Array.isArray(n)) return n.map(toJs);
  if (n === null || typeof n !== 'object') return n;
  const keys = Object.keys(n);
  if (keys.length === 1 && keys[0].startsWith('$')) {
    const rep = n[keys[0]];
    switch (keys[0]) {
      case '$uuid':
        return new types.UUID(rep);
      case '$latlng':
        return new types.LatLng(rep[0], rep[1]);
      case '$bounds':
        return new types.LatLngBounds(
          new types.LatLng(rep[0][0], rep[0][1]),
          new types.LatLng(rep[1][0], rep[1][1])
        );
      case '$money':
        return new types.Money(rep[0], rep[1]);
      case '$decimal':
        return new types.BigDecimal(rep);
      case '$date':
        return new Date(rep);
      case '$map':
        return mapToJs(rep);
      default:
        throw new Error(`unknown neutral tag ${keys[0]}`);
    }
  }
  return mapToJs(n);
};

const mapToJs = (obj) => {
  const out = {};
  for (const [k, v] of Object.entries(obj)) out[k] = toJs(v);
  return out;
};

const isLatLng = (v) => v instanceof types.LatLng;

const fromJs = (v) => {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(fromJs);
  if (v instanceof Date) return { $date: v.getTime() };
  if (typeof v !== 'object') return v;
  if (v instanceof types.UUID) return { $uuid: v.uuid };
  if (isLatLng(v)) return { $latlng: [v.lat, v.lng] };
  if (v instanceof types.Money) return { $money: [v.amount, v.currency] };
  if (v instanceof types.BigDecimal) return { $decimal: v.value };
  // The official reader has no LatLngBounds handler: it gives back the plain map the writer
  // sent, which carries the SDK type marker.
  if (v._sdkType === 'LatLngBounds' && isLatLng(v.ne) && isLatLng(v.sw)) {
    return { $bounds: [[v.ne.lat, v.ne.lng], [v.sw.lat, v.sw.lng]] };
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) {
    throw new Error(`unexpected object from transit.read: ${v.constructor && v.constructor.name}`);
  }
  const out = {};
  for (const [k, item] of Object.entries(v)) out[k] = fromJs(item);
  const keys = Object.keys(out);
  return keys.length === 1 && keys[0].startsWith('$') ? { $map: out } : out;
};

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
};

try {
  const input = JSON.parse(await readStdin());
  const written = (input.values || []).map((n) => {
    const v = toJs(n);
    return [transit.write(v), transit.write(v, { verbose: true })];
  });
  const read = (input.documents || []).map((doc) => fromJs(transit.read(doc)));
  process.stdout.write(JSON.stringify({ written, read }));
} catch (e) {
  process.stderr.write(`transit_peer: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
}
