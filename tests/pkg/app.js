// The app both package checks run (the Vite build bundles it; the plain page imports it as is):
// one real anonymous query and a sign-in against the sandbox named in `?sandbox=`.
import { createInstance, types, tokenStore } from 'sharetribe-sdk-wasm';

export async function run() {
  const sandbox = new URL(location.href).searchParams.get('sandbox');
  const sdk = createInstance({ clientId: 'sandbox-client-id', baseUrl: sandbox, tokenStore: tokenStore.memoryStore() });
  const listings = await sdk.listings.query({ perPage: 3, include: ['author'] });
  await sdk.login({ username: 'alice@example.com', password: 'alice-password' });
  const me = await sdk.currentUser.show();
  return {
    listings: listings.data.data.length,
    idsAreUuids: listings.data.data.every((l) => l.id instanceof types.UUID),
    email: me.data.data.attributes.email,
  };
}
