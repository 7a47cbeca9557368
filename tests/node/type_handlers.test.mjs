// `typeHandlers` of both SDKs side by side, in one headless Chromium page against the sandbox:
// an application Decimal class standing in for BigDecimal (read from line items, written into
// a request body) and a UUID reader that turns ids into strings. Both SDKs must send the same
// request and resolve the same values of the same classes. Ours also refuses a malformed
// handler list at createInstance with `invalid-config`.
//
// Run by `cargo xtask test` with SANDBOX_URL pointing at a sandbox that serves pkg/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, pageWithBothSdks } from './support.mjs';

const SANDBOX = process.env.SANDBOX_URL;
const BOBS_LISTING = '20000000-0000-4000-8000-000000000002';

let browser;
let page;

async function control(method, path, body) {
  const res = await fetch(`${SANDBOX}/_sandbox/${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(res.ok, `${method} /_sandbox/${path}: ${res.status} ${await res.clone().text()}`);
  return res.json();
}

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  browser = await launchChromium();
  page = await pageWithBothSdks(browser, SANDBOX);
});

after(async () => {
  await browser?.close();
});

/** A trusted booking by Alice with a BigDecimal quantity in its line items; its id. */
async function bookingWithLineItems() {
  await control('POST', 'reset');
  const started = await control('POST', 'transactions/transition', {
    as: 'alice@example.com', processAlias: 'default-booking/release-1', transition: 'transition/request-payment',
    params: {
      listingId: { $uuid: BOBS_LISTING }, bookingStart: { $date: '2025-03-01T00:00:00.000Z' },
      bookingEnd: { $date: '2025-03-04T00:00:00.000Z' },
      lineItems: [{ code: 'line-item/day', unitPrice: { $money: { amount: 2500, currency: 'EUR' } }, quantity: { $bigdecimal: '3.5' } }],
    },
  });
  await control('DELETE', 'requests');
  return started.id;
}

/** Reads the booking and writes a Decimal through `which` SDK with handlers; what it saw. */
function runWithHandlers(which, txId) {
  return page.evaluate(async ({ which, sandbox, txId }) => {
    const sdk = window.sdks[which];
    class Decimal {
      constructor(text) { this.text = String(text); }
    }
    const typeHandlers = [
      { sdkType: sdk.types.BigDecimal, appType: Decimal, reader: (v) => new Decimal(v.value), writer: (v) => new sdk.types.BigDecimal(v.text) },
      // The older spelling, with canHandle instead of a class.
      { type: sdk.types.UUID, canHandle: (v) => typeof v.uuidText === 'string', reader: (v) => `uuid:${v.uuid}`, writer: (v) => new sdk.types.UUID(v.uuidText) },
    ];
    const instance = sdk.createInstance({ clientId: 'sandbox-client-id', baseUrl: sandbox, tokenStore: sdk.tokenStore.memoryStore(), typeHandlers });
    await instance.login({ username: 'alice@example.com', password: 'alice-password' });
    const shown = await instance.transactions.show({ id: txId });
    const tx = shown.data.data;
    const quantity = tx.attributes.lineItems[0].quantity;
    const sent = await instance.ownListings.createDraft(
      { title: 'Decimal draft', publicData: { ratio: new Decimal('0.25') }, images: [] },
      { expand: true },
    ).then((r) => r.data.data.attributes.publicData, (e) => ({ error: e.status }));
    const query = await instance.transactions.query({ only: 'order' });
    return {
      idIsString: typeof tx.id === 'string' ? tx.id : null,
      quantity: { isDecimal: quantity instanceof Decimal, text: quantity.text },
      firstOrderId: query.data.data[0].id,
      sent: JSON.parse(JSON.stringify(sent)),
    };
  }, { which, sandbox: SANDBOX, txId });
}

test('typeHandlers read and write application types like the official SDK', async () => {
  const txId = await bookingWithLineItems();
  const official = await runWithHandlers('official', txId);
  const officialRequests = await control('GET', 'requests');
  const txId2 = await bookingWithLineItems();
  assert.equal(txId2, txId, 'the sandbox made the same booking id again');
  const ours = await runWithHandlers('ours', txId);
  const ourRequests = await control('GET', 'requests');
  assert.deepEqual(ours, official);
  assert.equal(official.idIsString, `uuid:${txId}`, 'the UUID reader ran');
  assert.deepEqual(official.quantity, { isDecimal: true, text: '3.5' }, 'the BigDecimal reader ran');
  const body = (log) => log.find((r) => r.path === '/v1/api/own_listings/create_draft').body;
  assert.deepEqual(body(ourRequests), body(officialRequests), 'the Decimal was written as the same BigDecimal');
  assert.deepEqual(body(ourRequests).publicData, { ratio: { $bigdecimal: '0.25' } });
});

test('a malformed typeHandlers list is refused at createInstance, naming the entry', async () => {
  const messages = await page.evaluate(async (sandbox) => {
    const sdk = window.sdks.ours;
    const attempt = (typeHandlers) => {
      try {
        sdk.createInstance({ clientId: 'sandbox-client-id', baseUrl: sandbox, typeHandlers });
        return 'accepted';
      } catch (e) {
        return `${e.code}: ${e.message}`;
      }
    };
    return [
      attempt([{ sdkType: 'BigDecimal', reader: (v) => v }]),
      attempt([{ sdkType: sdk.types.Money, writer: (v) => v }]),
      attempt({ sdkType: sdk.types.Money }),
      attempt([{ sdkType: sdk.types.Money, reader: 'nope' }]),
    ];
  }, SANDBOX);
  assert.match(messages[0], /^invalid-config: Invalid SDK config: typeHandlers\[0\]: `sdkType` must be one of the SDK's type classes/);
  assert.match(messages[1], /^invalid-config: Invalid SDK config: typeHandlers\[0\]: a `writer` needs `appType` or `canHandle`/);
  assert.match(messages[2], /^invalid-config: Invalid SDK config: `typeHandlers` must be an array/);
  assert.match(messages[3], /^invalid-config: Invalid SDK config: typeHandlers\[0\]: `reader` must be a function/);
});
