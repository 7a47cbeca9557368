// Node script with CommonJS `require`: the same calls as calls.mjs.
const { createInstance, types } = require('sharetribe-sdk-wasm');

(async () => {
  const sdk = createInstance({ clientId: 'sandbox-client-id', baseUrl: process.argv[2] });
  const listings = await sdk.listings.query({ perPage: 2 });
  await sdk.login({ username: 'alice@example.com', password: 'alice-password' });
  const me = await sdk.currentUser.show();
  console.log(JSON.stringify({
    how: 'require',
    listings: listings.data.data.length,
    uuids: listings.data.data.every((l) => l.id instanceof types.UUID),
    email: me.data.data.attributes.email,
    afterRemove: null,
  }));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
