// Values the conformance steps use: SDK types built inside the page with each SDK's own classes,
// references to earlier results, and the fixed ids and data of the sandbox seed.

/** `new types.UUID(id)` of whichever SDK runs the step. */
export const uuid = (id) => ({ $new: 'UUID', args: [id] });
/** `new types.LatLng(lat, lng)`. */
export const latLng = (lat, lng) => ({ $new: 'LatLng', args: [lat, lng] });
/** `new types.LatLngBounds(ne, sw)`, corners given as `[lat, lng]`. */
export const bounds = (ne, sw) => ({ $new: 'LatLngBounds', args: [latLng(...ne), latLng(...sw)] });
/** `new types.Money(amount, currency)`. */
export const money = (amount, currency) => ({ $new: 'Money', args: [amount, currency] });
/** `new types.BigDecimal(text)`. */
export const bigDecimal = (text) => ({ $new: 'BigDecimal', args: [text] });
/** A browser `File` with `text` as its content. */
export const file = (name, type, text) => ({ $file: { name, type, text } });
/** `new Date(iso)`. */
export const date = (iso) => ({ $new: 'Date', args: [iso] });
/** The value at `path` (array of keys) of the result of the earlier step `step`. */
export const ref = (step, ...path) => ({ $ref: step, path });

export const NOT_IN_SANDBOX = 'the sandbox does not implement this endpoint yet (it answers 404); drop '
  + 'requestsOnly from the step once it does';
export const LISTING = uuid('20000000-0000-4000-8000-000000000001');
export const TX = uuid('50000000-0000-4000-8000-000000000001');
export const IMAGE = uuid('30000000-0000-4000-8000-000000000001');
export const START = date('2024-03-01T00:00:00.000Z');
export const END = date('2024-03-04T00:00:00.000Z');
export const LINE_ITEMS = [{
  code: 'line-item/day',
  unitPrice: money(2500, 'EUR'),
  quantity: bigDecimal('3'),
  percentage: bigDecimal('-12.5'),
  includeFor: ['customer', 'provider'],
}];

