// The conformance scenario: SDK calls run in order against a freshly reset sandbox, once through
// the official SDK and once through ours. Steps are plain data so they can be sent into the page:
//
//   { name, call: 'listings.query', args: [...], expect: 'ok' | 'error', sends? }
//
// `name` is unique; later steps refer to earlier results with `ref(name, path)`. SDK types are
// built inside the page with each SDK's own classes (`uuid`, `latLng`, `bounds`, `date`).
// `expect` says what the step is for, so a sandbox that stops answering is caught even when both
// SDKs agree ('any' accepts either). `requestsOnly` (a reason) marks calls to endpoints the sandbox does not implement
// yet: their requests are compared in full, their results only by outcome, status and error
// codes. `before` names a sandbox control action (e.g. `expire-access-tokens`) done just before
// the step. `sends` (default true) says whether the step must reach the sandbox: false for
// arguments refused before any request, null where the two SDKs differ on purpose.

import { uuid, latLng, bounds, date, ref } from './values.mjs';
import * as uploads from './steps/uploads.mjs';
import * as listings from './steps/listings.mjs';
import * as transactions from './steps/transactions.mjs';
import * as auth from './steps/auth.mjs';
import * as users from './steps/users.mjs';

export { uuid, latLng, bounds, money, bigDecimal, file, date, ref } from './values.mjs';

const ALICE = { username: 'alice@example.com', password: 'alice-password' };
const UNKNOWN_LISTING = '20000000-0000-4000-8000-0000000fffff';


/** The steps, in order. */
export const scenario = [
  // Anonymous browsing: the first call also fetches an anonymous token.
  { name: 'authInfo before any call', call: 'authInfo', args: [], expect: 'ok' },
  { name: 'marketplace', call: 'marketplace.show', args: [{}], expect: 'ok' },
  { name: 'marketplace without params', call: 'marketplace.show', args: [], expect: 'ok' },
  {
    name: 'first page with author and images',
    call: 'listings.query',
    args: [{ perPage: 5, include: ['author', 'images'] }],
    expect: 'ok',
  },
  {
    name: 'sparse fields and image variants',
    call: 'listings.query',
    args: [{
      perPage: 3,
      page: 2,
      include: ['images'],
      'fields.listing': ['title', 'price', 'publicData'],
      'fields.image': ['variants.square-small', 'variants.landscape-crop'],
    }],
    expect: 'ok',
  },
  {
    name: 'listings by ids (UUID array)',
    call: 'listings.query',
    args: [{
      ids: [
        ref('first page with author and images', 'data', 'data', 0, 'id'),
        ref('first page with author and images', 'data', 'data', 2, 'id'),
      ],
      include: ['author'],
    }],
    expect: 'ok',
  },
  {
    name: 'listings in bounds (LatLngBounds)',
    call: 'listings.query',
    args: [{ bounds: bounds([60.5, 25.5], [59.5, 24.0]), perPage: 4 }],
    expect: 'ok',
  },
  {
    name: 'listings by price range and keywords',
    call: 'listings.query',
    args: [{ price: '1000,5000', keywords: 'bike', perPage: 10, sort: 'price' }],
    expect: 'ok',
  },
  {
    name: 'listings by author and pub_ filter',
    call: 'listings.query',
    args: [{ authorId: uuid('10000000-0000-4000-8000-000000000002'), pub_categoryLevel1: 'camping', perPage: 3 }],
    expect: 'ok',
  },
  {
    name: 'listings with null and undefined params dropped',
    call: 'listings.query',
    args: [{ perPage: 2, keywords: null, authorId: { $undefined: true } }],
    expect: 'ok',
  },
  {
    name: 'listings by start date, origin and a pub_ list',
    call: 'listings.query',
    args: [{ start: date('2024-01-02T03:04:05.678Z'), end: date('2024-01-03T00:00:00.000Z'), origin: latLng(60.1, 24.9), perPage: 2, pub_categoryLevel1: ['bikes', 'tools'] }],
    expect: 'ok',
  },
  {
    name: 'keywords needing percent-encoding',
    call: 'listings.query',
    args: [{ perPage: 1, keywords: 'ä ö & = + % bike' }],
    expect: 'ok',
  },
  {
    name: 'custom image variant',
    call: 'listings.query',
    args: [{ perPage: 1, include: ['images'], 'imageVariant.custom': 'w:100;h:100;fit:crop', 'fields.image': ['variants.custom'] }],
    expect: 'ok',
  },
  { name: 'params as a query string', call: 'listings.query', args: ['perPage=2&include=author'], expect: 'ok' },
  { name: 'params as parts merged left to right', call: 'listings.query', args: [['perPage=3&page=2', { perPage: 2, include: ['images'] }]], expect: 'ok' },
  { name: 'query params on a show call', call: 'marketplace.show', args: [{ expand: true }], expect: 'ok' },
  {
    name: 'one listing with author and images',
    call: 'listings.show',
    args: [{ id: ref('first page with author and images', 'data', 'data', 1, 'id'), include: ['author', 'images'] }],
    expect: 'ok',
  },
  {
    name: 'the author of that listing',
    call: 'users.show',
    args: [{ id: ref('one listing with author and images', 'data', 'data', 'relationships', 'author', 'data', 'id') }],
    expect: 'ok',
  },

  // Errors the API answers.
  { name: 'unknown listing (404)', call: 'listings.show', args: [{ id: uuid(UNKNOWN_LISTING) }], expect: 'error' },
  { name: 'users.show without id (400)', call: 'users.show', args: [{}], expect: 'error' },
  { name: 'perPage out of range (400)', call: 'listings.query', args: [{ perPage: 500 }], expect: 'error' },
  { name: 'ids not UUIDs (400)', call: 'listings.query', args: [{ ids: 'not-a-uuid' }], expect: 'error' },
  { name: 'listings.show without params (400)', call: 'listings.show', args: [], expect: 'error' },
  { name: 'listing id as a plain string', call: 'listings.show', args: [{ id: '20000000-0000-4000-8000-000000000001' }], expect: 'ok' },
  { name: 'perPage not an integer (400)', call: 'listings.query', args: [{ perPage: 1.5 }], expect: 'error' },
  { name: 'a plain object as a query param', call: 'listings.query', args: [{ perPage: 1, bounds: { ne: [1, 2] } }], expect: 'error', sends: false },
  { name: 'current user while anonymous (403)', call: 'currentUser.show', args: [{}], expect: 'error' },
  { name: 'login with a wrong password', call: 'login', args: [{ ...ALICE, password: 'wrong' }], expect: 'error' },
  { name: 'login without a password', call: 'login', args: [{ username: ALICE.username }], expect: 'error', sends: null },
  { name: 'authInfo after a failed login', call: 'authInfo', args: [], expect: 'ok' },

  // Signed in.
  { name: 'login', call: 'login', args: [ALICE], expect: 'ok' },
  { name: 'authInfo while logged in', call: 'authInfo', args: [], expect: 'ok' },
  { name: 'current user', call: 'currentUser.show', args: [{ include: ['profileImage'] }], expect: 'ok' },
  { name: 'listings as a user', call: 'listings.query', args: [{ perPage: 2, include: ['author'] }], expect: 'ok' },
  {
    name: 'current user after the access token expired (refresh and retry)',
    before: 'expire-access-tokens',
    call: 'currentUser.show',
    args: [{}],
    expect: 'ok',
  },
  { name: 'authInfo after a refresh', call: 'authInfo', args: [], expect: 'ok' },
  // The API families' steps, each in its own file under steps/, in this order: uploads first
  // (later steps use the image), users last (they change and delete accounts).
  ...uploads.steps,
  ...listings.steps,
  ...transactions.steps,
  ...auth.steps,
  ...users.steps,
  { name: 'logout', call: 'logout', args: [], expect: 'ok' },
  { name: 'authInfo after logout', call: 'authInfo', args: [], expect: 'ok' },
  { name: 'marketplace after logout', call: 'marketplace.show', args: [{}], expect: 'ok' },
  {
    name: 'anonymous call after the anonymous token expired',
    before: 'expire-access-tokens',
    call: 'listings.query',
    args: [{ perPage: 1 }],
    expect: 'ok',
  },
  { name: 'logout while anonymous', call: 'logout', args: [], expect: 'ok', sends: false },
];
