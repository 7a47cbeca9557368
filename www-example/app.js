// Sandbox Rentals: a small marketplace app on sharetribe-sdk-wasm, served by the sandbox (which
// also serves the built package at /pkg/). Hash routes:
//   #/                 browse and search listings, with pagination
//   #/listing/<id>     a listing with its images and author; start an inquiry with a message
//   #/me               the signed-in user's profile and own listings (create, upload, publish, close)
//   #/inbox            the user's transactions
//   #/tx/<id>          one transaction: its state, history and messages
import { createInstance, types, tokenStore } from '/pkg/index.js';

const CLIENT_ID = 'sandbox-client-id';
const $ = (id) => document.getElementById(id);
const view = () => $('view');

// The chosen token store is kept in localStorage so a reload uses it again.
const storeName = localStorage.getItem('example-store') || 'cookie';
const stores = {
  cookie: () => tokenStore.browserCookieStore({ clientId: CLIENT_ID }),
  local: () => tokenStore.localStorageStore({ clientId: CLIENT_ID }),
  session: () => tokenStore.sessionStorageStore({ clientId: CLIENT_ID }),
  memory: () => tokenStore.memoryStore(),
};
const sdk = createInstance({ clientId: CLIENT_ID, baseUrl: location.origin, tokenStore: stores[storeName]() });

let me = null;
// The last upload's progress in percent, shown again when the page re-renders.
let uploadPercent = 0;

// ---- small helpers ----

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k in el) el[k] = v;
    else el.setAttribute(k, v);
  }
  el.append(...children.filter((c) => c !== null && c !== undefined));
  return el;
}

const money = (m) => (m ? `${(m.amount / 100).toFixed(2)} ${m.currency}` : '—');
const uuid = (id) => (id instanceof types.UUID ? id.uuid : id);
const included = (res) => new Map((res.data.included || []).map((r) => [`${r.type}/${uuid(r.id)}`, r]));
const related = (res, resource, name) => {
  const rel = resource.relationships && resource.relationships[name];
  if (!rel || !rel.data) return null;
  const map = included(res);
  const get = (d) => map.get(`${d.type}/${uuid(d.id)}`);
  return Array.isArray(rel.data) ? rel.data.map(get).filter(Boolean) : get(rel.data);
};

/** A message a user understands, from an SdkError. */
function friendly(e) {
  const apiCode = e && e.data && e.data.errors && e.data.errors[0] && e.data.errors[0].code;
  const known = {
    'email-taken': 'That email address is already in use.',
    'listing-invalid-state': 'The listing cannot do that in its current state.',
    'transaction-same-author-and-customer': 'This is your own listing.',
    'transaction-invalid-transition': 'That step is not possible right now.',
    'forbidden': 'You are not allowed to do that.',
    'not-found': 'That could not be found.',
  };
  if (apiCode && known[apiCode]) return known[apiCode];
  switch (e && e.code) {
    case 'network': return 'The marketplace cannot be reached. Check your connection and try again.';
    case 'timeout': return 'The marketplace took too long to answer. Try again.';
    case 'invalid-params': return `Please check the form: ${e.message}`;
    case 'api-error':
      if (e.status === 401) return 'Wrong email or password.';
      if (e.status === 429) return 'Too many requests; wait a moment and try again.';
      if (e.status >= 500) return `The marketplace is having trouble (${e.status}). Try again in a moment.`;
      return (e.data && e.data.errors && e.data.errors[0] && e.data.errors[0].title) || `The marketplace answered ${e.status}.`;
    default: return (e && e.message) || 'Something went wrong.';
  }
}

function showError(e) {
  $('notice').textContent = '';
  $('error').textContent = friendly(e);
}

function notice(text) {
  $('error').textContent = '';
  $('notice').textContent = text;
}

function firstImageUrl(res, listing, variant = 'landscape-crop') {
  const images = related(res, listing, 'images') || [];
  const v = images[0] && images[0].attributes.variants[variant];
  return v ? v.url : '';
}

// ---- auth state ----

async function renderAuth() {
  const info = await sdk.authInfo();
  const signedIn = info.isAnonymous === false;
  me = null;
  if (signedIn) {
    const res = await sdk.currentUser.show();
    me = res.data.data;
  }
  const who = me ? `Signed in as ${me.attributes.profile.displayName} (${me.attributes.email})` : 'Anonymous';
  $('auth').textContent = `${who}${info.isLoggedInAs ? ' [logged in as]' : ''} · scopes: ${(info.scopes || ['none']).join(' ')}`;
  $('login').hidden = signedIn;
  $('logout').hidden = !signedIn;
  $('nav-me').hidden = !signedIn;
  $('nav-inbox').hidden = !signedIn;
}

// ---- views ----

let browse = { page: 1, keywords: '' };

async function renderBrowse() {
  const form = h('form', { id: 'search', className: 'inline', onsubmit: (ev) => {
    ev.preventDefault();
    browse = { page: 1, keywords: new FormData(ev.target).get('keywords') };
    route();
  } },
  h('input', { name: 'keywords', placeholder: 'Search gear', value: browse.keywords, 'aria-label': 'Keywords' }),
  h('button', {}, 'Search'));
  const res = await sdk.listings.query({
    page: browse.page, perPage: 12, keywords: browse.keywords || undefined,
    include: ['images', 'author'], 'fields.image': ['variants.landscape-crop'], 'limit.images': 1,
  });
  const list = h('ul', { id: 'listings', className: 'grid' }, ...res.data.data.map((l) => h('li', {
    className: 'listing', onclick: () => { location.hash = `#/listing/${uuid(l.id)}`; },
  }, h('img', { alt: '', src: firstImageUrl(res, l) }), h('div', {},
    h('strong', {}, l.attributes.title), h('br'),
    h('span', {}, money(l.attributes.price)), ' · ',
    h('span', { className: 'muted' }, (related(res, l, 'author') || { attributes: { profile: {} } }).attributes.profile.displayName || '')))));
  const meta = res.data.meta;
  const pager = h('p', {},
    h('button', { id: 'prev', disabled: browse.page <= 1, onclick: () => goToPage(browse.page - 1) }, 'Previous'), ' ',
    h('span', { id: 'page' }, `Page ${meta.page} of ${Math.max(meta.totalPages, 1)} (${meta.totalItems} listings)`), ' ',
    h('button', { id: 'next', disabled: browse.page >= meta.totalPages, onclick: () => goToPage(browse.page + 1) }, 'Next'));
  view().replaceChildren(form, list, pager);
}

/** Shows page `page` of the results; on failure stays on the current page. */
async function goToPage(page) {
  const current = browse.page;
  browse.page = page;
  $('error').textContent = '';
  try {
    await renderBrowse();
  } catch (e) {
    browse.page = current;
    showError(e);
  }
}

async function renderListing(id) {
  const res = await sdk.listings.show({ id: new types.UUID(id), include: ['images', 'author', 'author.profileImage'] });
  const l = res.data.data;
  const author = related(res, l, 'author');
  const images = related(res, l, 'images') || [];
  const mine = me && author && uuid(author.id) === uuid(me.id);
  const inquiry = h('form', { id: 'inquire', className: 'card', onsubmit: async (ev) => {
    ev.preventDefault();
    const content = new FormData(ev.target).get('message');
    try {
      const tx = await sdk.transactions.initiate({
        processAlias: 'default-inquiry/release-1',
        transition: 'transition/inquire-without-payment',
        params: { listingId: l.id },
      });
      await sdk.messages.send({ transactionId: tx.data.data.id, content });
      location.hash = `#/tx/${uuid(tx.data.data.id)}`;
    } catch (e) { showError(e); }
  } }, h('h3', {}, 'Ask the owner'),
  h('textarea', { name: 'message', rows: 3, cols: 50, required: true }, 'Hi! Is this available next weekend?'), h('br'),
  h('button', {}, 'Send inquiry'));
  view().replaceChildren(
    h('p', {}, h('a', { href: '#/' }, '← All listings')),
    h('h2', { id: 'listing-title' }, l.attributes.title),
    h('p', {}, money(l.attributes.price), ' · ', h('span', { id: 'author' }, `by ${author ? author.attributes.profile.displayName : 'someone'}`)),
    h('div', { className: 'gallery' }, ...images.map((img) => h('img', { alt: l.attributes.title, src: img.attributes.variants['landscape-crop'].url }))),
    h('p', {}, l.attributes.description),
    me && !mine ? inquiry : h('p', { className: 'muted' }, mine ? 'This is your listing.' : 'Sign in to contact the owner.'),
  );
}

async function renderMe() {
  if (!me) { view().replaceChildren(h('p', {}, 'Sign in to see your account.')); return; }
  const profile = h('form', { id: 'profile', className: 'card inline', onsubmit: async (ev) => {
    ev.preventDefault();
    const form = new FormData(ev.target);
    try {
      await sdk.currentUser.updateProfile({ displayName: form.get('displayName'), bio: form.get('bio') });
      await renderAuth();
      notice('Profile saved.');
      await renderMe();
    } catch (e) { showError(e); }
  } }, h('strong', {}, 'Profile'),
  h('input', { name: 'displayName', value: me.attributes.profile.displayName, 'aria-label': 'Display name' }),
  h('input', { name: 'bio', value: me.attributes.profile.bio || '', placeholder: 'Bio', 'aria-label': 'Bio' }),
  h('button', {}, 'Save'));

  const progress = h('progress', { id: 'upload-progress', max: 100, value: uploadPercent });
  const create = h('form', { id: 'create', className: 'card', onsubmit: async (ev) => {
    ev.preventDefault();
    const form = new FormData(ev.target);
    try {
      const images = [];
      const file = form.get('image');
      if (file && file.size > 0) {
        const uploaded = await sdk.images.upload({ image: file }, {}, {
          onUploadProgress: (e) => {
            if (e.total) uploadPercent = Math.round((100 * e.loaded) / e.total);
            progress.value = uploadPercent;
          },
        });
        images.push(uploaded.data.data.id);
      }
      await sdk.ownListings.createDraft({
        title: form.get('title'),
        description: form.get('description'),
        price: new types.Money(Math.round(Number(form.get('price')) * 100), 'USD'),
        geolocation: new types.LatLng(60.17, 24.94),
        images,
      });
      notice('Draft created.');
      await renderMe();
    } catch (e) { showError(e); }
  } }, h('h3', {}, 'New listing'),
  h('input', { name: 'title', placeholder: 'Title', required: true, 'aria-label': 'Title' }), ' ',
  h('input', { name: 'price', type: 'number', min: 0, step: '0.01', value: '25', 'aria-label': 'Price per day (USD)' }), ' USD', h('br'),
  h('textarea', { name: 'description', rows: 2, cols: 50, placeholder: 'Description' }), h('br'),
  h('input', { name: 'image', type: 'file', accept: 'image/*', 'aria-label': 'Image' }), ' ', progress, h('br'),
  h('button', {}, 'Create draft'));

  const res = await sdk.ownListings.query({ perPage: 50, include: ['images'] });
  const action = (label, fn) => h('button', { onclick: async () => {
    try { await fn(); notice(`${label}: done.`); await renderMe(); } catch (e) { showError(e); }
  } }, label);
  const rows = res.data.data.map((l) => h('tr', { 'data-title': l.attributes.title },
    h('td', {}, l.attributes.title),
    h('td', { className: 'state' }, l.attributes.state),
    h('td', {}, `${(related(res, l, 'images') || []).length} image(s)`),
    h('td', {},
      l.attributes.state === 'draft' ? action('Publish', () => sdk.ownListings.publishDraft({ id: l.id })) : null,
      l.attributes.state === 'published' ? action('Close', () => sdk.ownListings.close({ id: l.id })) : null,
      l.attributes.state === 'closed' ? action('Open', () => sdk.ownListings.open({ id: l.id })) : null)));
  view().replaceChildren(h('h2', {}, 'My account'), profile, create,
    h('h3', {}, 'My listings'), h('table', { id: 'own-listings' }, ...rows));
}

async function renderInbox() {
  if (!me) { view().replaceChildren(h('p', {}, 'Sign in to see your inbox.')); return; }
  const res = await sdk.transactions.query({ include: ['listing', 'customer', 'provider'] });
  const rows = res.data.data.map((tx) => {
    const listing = related(res, tx, 'listing');
    return h('tr', {}, h('td', {}, h('a', { href: `#/tx/${uuid(tx.id)}` }, listing ? listing.attributes.title : 'listing')),
      h('td', {}, tx.attributes.lastTransition), h('td', {}, tx.attributes.lastTransitionedAt.toLocaleString()));
  });
  view().replaceChildren(h('h2', {}, 'Inbox'), rows.length ? h('table', { id: 'inbox' }, ...rows) : h('p', {}, 'No transactions yet.'));
}

async function renderTransaction(id) {
  const res = await sdk.transactions.show({ id: new types.UUID(id), include: ['listing', 'customer', 'provider'] });
  const tx = res.data.data;
  const messages = await sdk.messages.query({ transactionId: tx.id, include: ['sender'] });
  const listing = related(res, tx, 'listing');
  const send = h('form', { id: 'send', className: 'inline', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      await sdk.messages.send({ transactionId: tx.id, content: new FormData(ev.target).get('content') });
      await renderTransaction(id);
    } catch (e) { showError(e); }
  } }, h('input', { name: 'content', required: true, placeholder: 'Write a message', 'aria-label': 'Message' }), h('button', {}, 'Send'));
  view().replaceChildren(
    h('h2', {}, `Inquiry about ${listing ? listing.attributes.title : 'a listing'}`),
    h('p', {}, 'State: ', h('strong', { id: 'tx-state' }, tx.attributes.lastTransition), ` (${tx.attributes.processName})`),
    h('ol', { id: 'history' }, ...tx.attributes.transitions.map((t) => h('li', {}, `${t.transition} by ${t.by}`))),
    h('h3', {}, 'Messages'),
    h('ul', { id: 'messages' }, ...messages.data.data.slice().reverse().map((m) => {
      const sender = related(messages, m, 'sender');
      return h('li', {}, h('strong', {}, sender ? sender.attributes.profile.displayName : ''), ': ', m.attributes.content);
    })),
    send,
  );
}

// ---- routing and wiring ----

// Renders in flight; while there are any, <body data-routing> says so (the end-to-end test waits
// for it to go before navigating, so a slow render cannot land after the next one).
let routing = 0;

async function route() {
  const [, name, arg] = (location.hash || '#/').split('/');
  $('error').textContent = '';
  routing += 1;
  document.body.dataset.routing = 'yes';
  try {
    if (name === 'listing') await renderListing(arg);
    else if (name === 'me') await renderMe();
    else if (name === 'inbox') await renderInbox();
    else if (name === 'tx') await renderTransaction(arg);
    else await renderBrowse();
  } catch (e) {
    showError(e);
  } finally {
    routing -= 1;
    if (routing === 0) delete document.body.dataset.routing;
  }
}

$('store').value = storeName;
$('store').addEventListener('change', (ev) => {
  localStorage.setItem('example-store', ev.target.value);
  location.reload();
});
$('login').username.addEventListener('change', (ev) => {
  $('login').password.value = `${ev.target.value.split('@')[0]}-password`;
});
$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = new FormData(ev.target);
  try {
    await sdk.login({ username: form.get('username'), password: form.get('password') });
    await renderAuth();
    notice('Signed in.');
    await route();
  } catch (e) {
    showError(e);
  }
});
$('logout').addEventListener('click', async () => {
  try {
    await sdk.logout();
    await renderAuth();
    location.hash = '#/';
    await route();
  } catch (e) { showError(e); }
});
window.addEventListener('hashchange', route);

renderAuth().then(route).catch(showError);
