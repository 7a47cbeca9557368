// Deliberate mistakes: every line marked `// error` must fail `tsc --strict`, and no other.
import { createInstance, types } from 'sharetribe-sdk-wasm';

const sdk = createInstance({ clientId: 'x', clientSecret: 'never in a browser' }); // error
createInstance({ clientID: 'x' }); // error
createInstance({}); // error
const id = new types.UUID('u');
await sdk.listings.show({ id: 42 }); // error
await sdk.listings.query({ perPage: 'ten' }); // error
await sdk.ownListings.create({ description: 'no title' }); // error
await sdk.ownListings.create({ title: 'x', price: 1000 }); // error
await sdk.login({ user: 'alice', password: 'p' }); // error
await sdk.messages.send({ transactionId: id }); // error
await sdk.listingz.query({}); // error
await sdk.transactions.initiate({ processAlias: 'a', transition: 't' }); // error
new types.Money('1000', 'EUR'); // error
const ok = await sdk.listings.query({ perPage: 2 });
const n: number = ok.data.data[0].attributes.title; // error
