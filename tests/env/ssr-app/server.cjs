// The SSR app's Express server. Every page load renders on the server with our SDK in Node and
// `expressCookieStore`, so a session started in the browser is the server's and the other way
// round. `/official/whoami` reads the same cookie with the official SDK's Node build and its
// own expressCookieStore; `/official.js` serves the official web build for the browser side.
// Started by ssr.test.mjs: `node server.cjs <sandbox URL> <official SDK dir>`; prints its URL.
const path = require('node:path');
const express = require('express');
const cookieParser = require('cookie-parser');
const { createInstance, tokenStore } = require('sharetribe-sdk-wasm');
const { renderPage } = require('./dist/server/main.js');

const [sandbox, officialDir] = process.argv.slice(2);
const official = require(officialDir);
const CLIENT_ID = 'sandbox-client-id';
const STATS = path.join(__dirname, 'dist/client/loadable-stats.json');

/** The signed-in user's email through `sdk`, or null for an anonymous session. */
async function emailOf(sdk) {
  const info = await sdk.authInfo();
  if (info.isAnonymous !== false) return null;
  const me = await sdk.currentUser.show();
  return me.data.data.attributes.email;
}

const app = express();
app.use(cookieParser());
app.use('/static', express.static(path.join(__dirname, 'dist/client')));
app.get('/favicon.ico', (_req, res) => res.status(204).end());
app.get('/official.js', (_req, res) => res.sendFile(path.join(officialDir, 'build/sharetribe-flex-sdk-web.js')));

app.get('/', async (req, res, next) => {
  try {
    const sdk = createInstance({ clientId: CLIENT_ID, baseUrl: sandbox, tokenStore: tokenStore.expressCookieStore({ clientId: CLIENT_ID, req, res }) });
    const listings = await sdk.listings.query({ perPage: 3 });
    const initial = { sandbox, email: await emailOf(sdk), listings: listings.data.data.map((l) => l.attributes.title) };
    res.type('html').send(renderPage(initial, STATS));
  } catch (error) {
    next(error);
  }
});

// Our SDK signs in on the server; the browser gets the cookie with the response.
app.post('/server-login', async (req, res, next) => {
  try {
    const sdk = createInstance({ clientId: CLIENT_ID, baseUrl: sandbox, tokenStore: tokenStore.expressCookieStore({ clientId: CLIENT_ID, req, res }) });
    await sdk.login({ username: 'carol@example.com', password: 'carol-password' });
    res.json({ email: await emailOf(sdk) });
  } catch (error) {
    next(error);
  }
});

// The official SDK in Node reads the same cookie.
app.get('/official/whoami', async (req, res, next) => {
  try {
    const sdk = official.createInstance({ clientId: CLIENT_ID, baseUrl: sandbox, tokenStore: official.tokenStore.expressCookieStore({ clientId: CLIENT_ID, req, res }) });
    res.json({ email: await emailOf(sdk) });
  } catch (error) {
    next(error);
  }
});

const server = app.listen(0, '127.0.0.1', () => console.log(`ssr app listening on http://127.0.0.1:${server.address().port}`));
