// Conformance steps for loginAs (authorization code with PKCE), the Asset Delivery API and
// auth results. Runs logged in as Alice after the shared steps of scenario.mjs and leaves her
// logged in. Each step: see the format in scenario.mjs.
//
// Console's "log in as" redirect is stood in for by `POST /_sandbox/login-as-code`, run in a
// step's `before`. Codes are deterministic from a reset: the n-th code minted is `login-as-<n>`.

import { createHash } from 'node:crypto';

const VERIFIER = 'sandbox-verifier-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
const REDIRECT = 'https://marketplace.example.com/login-as';
const mint = (email) => ({ path: 'login-as-code', body: { email, codeChallenge: CHALLENGE, redirectUri: REDIRECT } });
const code = (n) => `login-as-${n}`;
const ALICE = { username: 'alice@example.com', password: 'alice-password' };

export const steps = [
  { name: 'loginAs: a wrong code verifier', before: mint('carol@example.com'), call: 'loginAs', expect: 'error',
    args: [{ code: code(1), redirect_uri: REDIRECT, code_verifier: 'not-the-verifier' }] },
  { name: 'loginAs: the used code again', call: 'loginAs', expect: 'error',
    args: [{ code: code(1), redirect_uri: REDIRECT, code_verifier: VERIFIER }] },
  { name: 'loginAs: Carol', before: mint('carol@example.com'), call: 'loginAs', expect: 'ok',
    args: [{ code: code(2), redirect_uri: REDIRECT, code_verifier: VERIFIER }] },
  { name: 'authInfo: logged in as', call: 'authInfo', args: [], expect: 'ok' },
  { name: 'currentUser.show: as Carol', call: 'currentUser.show', args: [{}], expect: 'ok' },
  { name: 'logout: after loginAs', call: 'logout', args: [], expect: 'ok' },
  { name: 'authInfo: after logging out of loginAs', call: 'authInfo', args: [], expect: 'ok' },
  { name: 'assetByAlias: translations', call: 'assetByAlias', args: [{ path: '/content/translations.json', alias: 'latest' }], expect: 'ok' },
  { name: 'assetByVersion: branding', call: 'assetByVersion', args: [{ path: 'design/branding.json', version: 'sandbox-v1' }], expect: 'ok' },
  { name: 'assetsByAlias: two pages', call: 'assetsByAlias', args: [{ paths: ['/content/pages/landing-page.json', '/content/pages/about.json'], alias: 'latest' }], expect: 'ok' },
  { name: 'assetsByVersion: across directories', call: 'assetsByVersion', args: [{ paths: ['content/translations.json', 'design/branding.json'], version: 'sandbox-v1' }], expect: 'ok' },
  { name: 'assetByAlias: an unknown asset (404)', call: 'assetByAlias', args: [{ path: 'content/nope.json', alias: 'latest' }], expect: 'error' },
  { name: 'assetByVersion: an unknown version (404)', call: 'assetByVersion', args: [{ path: 'design/branding.json', version: 'v-nope' }], expect: 'error' },
  { name: 'assetsByAlias: the Web Template config assets', call: 'assetsByAlias', expect: 'ok', args: [{ alias: 'latest', paths: [
    '/content/top-bar.json', '/design/branding.json', '/design/layout.json', '/general/localization.json', '/general/access-control.json',
    '/users/user-types.json', '/users/user-fields.json', '/listings/listing-categories.json', '/listings/listing-types.json',
    '/listings/listing-fields.json', '/listings/listing-search.json', '/transactions/minimum-transaction-size.json',
    '/integrations/analytics.json', '/integrations/google-search-console.json', '/integrations/map.json'] }] },
  { name: 'assetByVersion: the landing page with its images', call: 'assetByVersion', expect: 'ok', args: [{ path: '/content/pages/landing-page.json', version: 'sandbox-v1' }] },
  { name: 'assetsByAlias: footer alone', call: 'assetsByAlias', expect: 'ok', args: [{ paths: ['/content/footer.json'], alias: 'latest' }] },
  { name: 'login: Alice again after loginAs', call: 'login', args: [ALICE], expect: 'ok' },
  { name: 'currentUser.show: with the effective permission set', call: 'currentUser.show', expect: 'ok', args: [{ include: ['effectivePermissionSet', 'profileImage'] }] },
];
