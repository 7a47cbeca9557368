// A Jest test file (jsdom) importing the package and calling the sandbox.
const { createInstance, tokenStore, types, util } = require('sharetribe-sdk-wasm');

const baseUrl = process.env.SANDBOX_URL;

test('listings.query and login against the sandbox', async () => {
  const sdk = createInstance({ clientId: 'sandbox-client-id', baseUrl, tokenStore: tokenStore.memoryStore() });
  const res = await sdk.listings.query({ perPage: 2 });
  expect(res.data.data).toHaveLength(2);
  expect(res.data.data[0].id).toBeInstanceOf(types.UUID);
  await sdk.login({ username: 'bob@example.com', password: 'bob-password' });
  const me = await sdk.currentUser.show();
  expect(me.data.data.attributes.email).toBe('bob@example.com');
});

test('helpers are synchronous, as in the official SDK', () => {
  expect(util.objectQueryString({ w: 640, fit: 'scale' })).toBe('w:640;fit:scale');
  expect(typeof window).toBe('object');
});
