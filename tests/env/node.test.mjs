// Node 20+: scripts with ESM `import` and CommonJS `require` make real calls against the
// sandbox (no window, no document; the default store is memory), and `transit.read`/`write`
// with a decimal.js typeHandler match the official SDK byte for byte and value for value.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import { ENV, OFFICIAL_DIR, SANDBOX, installPackage } from './support.mjs';

const require = createRequire(import.meta.url);
let ours;
let official;

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  installPackage();
  ours = await import('sharetribe-sdk-wasm');
  official = require(OFFICIAL_DIR);
});

const run = (file) => JSON.parse(execFileSync(process.execPath, [join(ENV, 'node-scripts', file), SANDBOX], { encoding: 'utf8' }));

test('an ESM script imports the package and calls the sandbox', () => {
  assert.deepEqual(run('calls.mjs'), { how: 'import', listings: 2, uuids: true, email: 'alice@example.com', afterRemove: null });
});

test('a CommonJS script requires the package and calls the sandbox', () => {
  assert.deepEqual(run('calls.cjs'), { how: 'require', listings: 2, uuids: true, email: 'alice@example.com', afterRemove: null });
});

test('import and require in one process share one instance and one set of types', () => {
  assert.equal(require('sharetribe-sdk-wasm').types.UUID, ours.types.UUID);
});

test('memoryStore answers undefined before a token and null after removal, as the official', () => {
  for (const sdk of [ours, official]) {
    const store = sdk.tokenStore.memoryStore();
    assert.equal(store.getToken(), undefined);
    store.setToken({ access_token: 'a' });
    store.removeToken();
    assert.equal(store.getToken(), null);
  }
});

/** decimal.js for BigDecimal, the handler apps use to decode their own server's Transit. */
const handlersFor = (sdk) => [{
  sdkType: sdk.types.BigDecimal,
  appType: Decimal,
  reader: (v) => new Decimal(v.value),
  writer: (v) => new sdk.types.BigDecimal(v.toString()),
}];

const LINE_ITEMS = '["^ ","~:lineItems",[["^ ","~:code","~:line-item/day","~:quantity","~f3","~:unitPrice",["~#mn",[2800,"USD"]]],["^ ","~:code","~:line-item/fee","~:quantity","~f0.5","~:id","~u20000000-0000-4000-8000-000000000002"]]]';

test('transit.read with a decimal.js handler gives the official values', () => {
  const read = (sdk) => sdk.transit.read(LINE_ITEMS, { typeHandlers: handlersFor(sdk) });
  const a = read(ours);
  const b = read(official);
  const q = (v) => v.lineItems.map((li) => [li.quantity instanceof Decimal, li.quantity.toString()]);
  assert.deepEqual(q(a), [[true, '3'], [true, '0.5']]);
  assert.deepEqual(q(a), q(b));
  assert.equal(a.lineItems[0].quantity.times(28).toString(), '84', 'arithmetic works: not NaN');
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  // The older spelling `type`.
  const old = ours.transit.read(LINE_ITEMS, { typeHandlers: [{ type: ours.types.BigDecimal, reader: (v) => new Decimal(v.value) }] });
  assert.ok(old.lineItems[1].quantity instanceof Decimal);
});

test('transit.write with a decimal.js handler writes the official bytes, terse and verbose', () => {
  const value = (sdk) => ({ ratio: new Decimal('12.5'), list: [new Decimal('0.1'), 2], id: new sdk.types.UUID('20000000-0000-4000-8000-000000000002') });
  for (const verbose of [false, true]) {
    const a = ours.transit.write(value(ours), { typeHandlers: handlersFor(ours), verbose });
    const b = official.transit.write(value(official), { typeHandlers: handlersFor(official), verbose });
    assert.equal(a, b, `verbose: ${verbose}`);
  }
  assert.match(ours.transit.write({ ratio: new Decimal('12.5') }, { typeHandlers: handlersFor(ours) }), /"~f12.5"/);
  // canHandle and the older customType.
  const canHandle = [{ type: ours.types.BigDecimal, canHandle: (v) => Decimal.isDecimal(v), writer: (v) => new ours.types.BigDecimal(v.toString()) }];
  assert.equal(ours.transit.write([new Decimal('1.5')], { typeHandlers: canHandle }), '["~f1.5"]');
  const custom = [{ type: ours.types.BigDecimal, customType: Decimal, writer: (v) => new ours.types.BigDecimal(v.toString()) }];
  assert.equal(ours.transit.write([new Decimal('2.5')], { typeHandlers: custom }), '["~f2.5"]');
});
