// A small page on the SDK: browse anonymously, sign in and out. Served by the sandbox, which
// also serves the built package at /pkg/.
import { createInstance } from '/pkg/index.js';

const sdk = createInstance({ clientId: 'sandbox-client-id', baseUrl: location.origin });
const $ = (id) => document.getElementById(id);
let page = 1;

function showError(e) {
  const apiError = e.data && e.data.errors && e.data.errors[0];
  $('error').textContent = apiError ? `${apiError.title} (${e.status})` : e.message;
}

async function renderAuth() {
  const info = await sdk.authInfo();
  const signedIn = info.isAnonymous === false;
  $('auth').textContent = signedIn ? 'Signed in' : 'Anonymous';
  $('login').hidden = signedIn;
  $('logout').hidden = !signedIn;
  $('me').textContent = '';
  if (signedIn) {
    const me = await sdk.currentUser.show();
    $('me').textContent = `Hello, ${me.data.data.attributes.profile.displayName} (${me.data.data.attributes.email})`;
  }
}

async function renderListings() {
  const res = await sdk.listings.query({ page, perPage: 12, include: ['images'], 'fields.image': ['variants.landscape-crop'] });
  const images = new Map(res.data.included.filter((r) => r.type === 'image').map((r) => [r.id.uuid, r]));
  $('listings').replaceChildren(...res.data.data.map((l) => {
    const li = document.createElement('li');
    li.className = 'listing';
    const imageRef = l.relationships.images && l.relationships.images.data[0];
    const image = imageRef && images.get(imageRef.id.uuid);
    const variant = image && image.attributes.variants['landscape-crop'];
    const { amount, currency } = l.attributes.price;
    li.innerHTML = `<img alt=""><div><strong></strong><br><span></span></div>`;
    if (variant) li.querySelector('img').src = variant.url;
    li.querySelector('strong').textContent = l.attributes.title;
    li.querySelector('span').textContent = `${(amount / 100).toFixed(2)} ${currency}`;
    return li;
  }));
  $('page').textContent = `Page ${res.data.meta.page} of ${res.data.meta.totalPages}`;
  $('prev').disabled = page <= 1;
  $('next').disabled = page >= res.data.meta.totalPages;
}

$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('error').textContent = '';
  const form = new FormData(ev.target);
  try {
    await sdk.login({ username: form.get('username'), password: form.get('password') });
    await renderAuth();
  } catch (e) {
    showError(e.status === 401 ? { message: 'Wrong email or password.' } : e);
  }
});
$('logout').addEventListener('click', () => sdk.logout().then(renderAuth, showError));
$('prev').addEventListener('click', () => { page -= 1; renderListings().catch(showError); });
$('next').addEventListener('click', () => { page += 1; renderListings().catch(showError); });

renderAuth().then(renderListings).catch(showError);
