// Node script with ESM `import`: a real anonymous query and a login against the sandbox.
import { createInstance, tokenStore, types } from 'sharetribe-sdk-wasm';

const sdk = createInstance({ clientId: 'sandbox-client-id', baseUrl: process.argv[2] });
const listings = await sdk.listings.query({ perPage: 2 });
await sdk.login({ username: 'alice@example.com', password: 'alice-password' });
const me = await sdk.currentUser.show();
const store = tokenStore.memoryStore();
store.setToken({ access_token: 'a', token_type: 'bearer', expires_in: 1 });
store.removeToken();
console.log(JSON.stringify({
  how: 'import',
  listings: listings.data.data.length,
  uuids: listings.data.data.every((l) => l.id instanceof types.UUID),
  email: me.data.data.attributes.email,
  afterRemove: store.getToken(),
}));
