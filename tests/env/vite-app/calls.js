// Shared by the browser page and Vite SSR (ssrLoadModule): one anonymous query and a login.
import { createInstance, tokenStore, types } from 'sharetribe-sdk-wasm';

export async function run(sandbox) {
  const sdk = createInstance({ clientId: 'sandbox-client-id', baseUrl: sandbox, tokenStore: tokenStore.memoryStore() });
  const listings = await sdk.listings.query({ perPage: 3 });
  await sdk.login({ username: 'alice@example.com', password: 'alice-password' });
  const me = await sdk.currentUser.show();
  return {
    listings: listings.data.data.length,
    idsAreUuids: listings.data.data.every((l) => l.id instanceof types.UUID),
    email: me.data.data.attributes.email,
  };
}
