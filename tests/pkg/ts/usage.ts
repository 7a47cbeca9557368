// Exercises every method of the package's types under `tsc --strict`; must compile cleanly.
import { createInstance, init, ready, types, tokenStore, transit, util, file, type SdkError, type Listing, type Money, type SharetribeSdk } from 'sharetribe-sdk-wasm';

const sdk: SharetribeSdk = createInstance({
  clientId: 'sandbox-client-id',
  baseUrl: 'http://127.0.0.1:4000',
  assetCdnBaseUrl: 'http://127.0.0.1:4000',
  tokenStore: tokenStore.localStorageStore({ clientId: 'sandbox-client-id' }),
  timeout: 10_000,
  typeHandlers: [{ sdkType: types.BigDecimal, appType: Number, reader: (v: { value: string }) => Number(v.value), writer: (n: Number) => new types.BigDecimal(String(n)) }],
});
const id = new types.UUID('20000000-0000-4000-8000-000000000001');
const start = new Date('2025-03-01T00:00:00Z');
const end = new Date('2025-03-04T00:00:00Z');
declare const image: File;

async function everyMethod(): Promise<void> {
  const login = await sdk.login({ username: 'alice@example.com', password: 'alice-password' });
  const scope: string | undefined = login.data.scope;
  await sdk.loginAs({ code: 'c', redirect_uri: 'https://x/', code_verifier: 'v' });
  const info = await sdk.authInfo();
  const loggedInAs: boolean | undefined = info.isLoggedInAs;
  await sdk.assetByAlias({ path: 'content/translations.json', alias: 'latest' });
  await sdk.assetByVersion({ path: 'design/branding.json', version: 'v1' });
  await sdk.assetsByAlias({ paths: ['a.json', 'b.json'], alias: 'latest' });
  await sdk.assetsByVersion({ paths: ['a.json'], version: 'v1' });

  await sdk.marketplace.show();
  await sdk.users.show({ id });
  const me = await sdk.currentUser.show({ include: ['profileImage'] });
  const email: string = me.data.data.attributes.email;
  await sdk.currentUser.create({ email: 'd@example.com', password: 'password1', firstName: 'D', lastName: 'E' });
  await sdk.currentUser.createWithIdp({ idpId: 'facebook', idpClientId: 'c', idpToken: 't' });
  await sdk.currentUser.updateProfile({ displayName: 'Al', publicData: { city: 'Turku' } }, { expand: true });
  await sdk.currentUser.changeEmail({ currentPassword: 'p', email: 'e@example.com' });
  await sdk.currentUser.changePassword({ currentPassword: 'p', newPassword: 'q' });
  await sdk.currentUser.delete({ currentPassword: 'p' });
  await sdk.currentUser.verifyEmail({ verificationToken: 't' });
  await sdk.currentUser.sendVerificationEmail({});
  await sdk.currentUser.createStripeAccount({ country: 'FI' });
  await sdk.currentUser.updateStripeAccount({ bankAccountToken: 'b' });
  await sdk.currentUser.deleteStripeAccount({});
  await sdk.passwordReset.request({ email: 'a@example.com' });
  await sdk.passwordReset.reset({ email: 'a@example.com', passwordResetToken: 't', newPassword: 'n' });

  const page = await sdk.listings.query({ keywords: 'bike', perPage: 5, origin: new types.LatLng(60, 24), pub_category: 'bikes', 'fields.listing': ['title'], include: ['images'] });
  const first: Listing = page.data.data[0];
  const price: Money | null = first.attributes.price;
  await sdk.listings.search('perPage=2');
  await sdk.listings.show({ id: first.id });
  await sdk.ownListings.show({ id });
  await sdk.ownListings.query({ states: ['draft'] });
  await sdk.ownListings.create({ title: 'Bike', price: new types.Money(1000, 'EUR'), geolocation: new types.LatLng(1, 2) }, { expand: true });
  await sdk.ownListings.createDraft({ title: 'Draft' });
  await sdk.ownListings.publishDraft({ id });
  await sdk.ownListings.discardDraft({ id });
  await sdk.ownListings.update({ id, title: 'Renamed' });
  await sdk.ownListings.open({ id });
  await sdk.ownListings.close({ id });
  await sdk.ownListings.addImage({ id, imageId: id });
  await sdk.availabilityExceptions.create({ listingId: id, start, end, seats: 0 });
  await sdk.availabilityExceptions.delete({ id });
  await sdk.availabilityExceptions.query({ listingId: id, start, end });
  await sdk.images.upload({ image }, { expand: true }, { onUploadProgress: (e) => console.log(e.loaded, e.total) });
  const tx = await sdk.transactions.initiate({ processAlias: 'default-inquiry/release-1', transition: 'transition/inquire-without-payment', params: { listingId: id } });
  await sdk.transactions.initiateSpeculative({ processAlias: 'default-booking/release-1', transition: 'transition/inquire', params: { listingId: id, bookingStart: start } });
  await sdk.transactions.transition({ id: tx.data.data.id, transition: 'transition/accept', params: {} });
  await sdk.transactions.transitionSpeculative({ id, transition: 'transition/accept', params: {} });
  const txs = await sdk.transactions.query({ only: 'sale', lastTransitions: ['transition/accept'] });
  const last: string = txs.data.data[0].attributes.lastTransition;
  await sdk.transactions.show({ id, include: ['booking'] });
  await sdk.processTransitions.query({ transactionId: id });
  await sdk.bookings.query({ listingId: id, start, end, state: 'accepted' });
  await sdk.messages.query({ transactionId: id });
  await sdk.messages.send({ transactionId: id, content: 'Hi' });
  await sdk.reviews.query({ listingId: id, type: 'ofProvider' });
  await sdk.reviews.show({ id });
  await sdk.timeslots.query({ listingId: id, start, end });
  await sdk.stripeAccount.create({ country: 'FI' });
  await sdk.stripeAccount.fetch();
  await sdk.stripeAccount.update({ accountToken: 'a' });
  await sdk.stripeAccountLinks.create({ failureURL: 'f', successURL: 's', type: 'custom_account_verification' });
  await sdk.stripePersons.create({ personToken: 'p' });
  await sdk.stripeSetupIntents.create({});
  await sdk.stripeCustomer.create({ stripePaymentMethodId: 'pm' });
  await sdk.stripeCustomer.addPaymentMethod({ stripePaymentMethodId: 'pm' });
  await sdk.stripeCustomer.deletePaymentMethod({});
  await sdk.stockAdjustments.query({ listingId: id, start, end });
  await sdk.stockAdjustments.create({ listingId: id, quantity: -1 });
  await sdk.stock.compareAndSet({ listingId: id, oldTotal: null, newTotal: 5 });
  await sdk.sitemapData.queryListings();
  await sdk.sitemapData.queryAssets({ pathPrefix: '/content/' });
  await sdk.ownFiles.create({ name: 'a.pdf', mimeType: 'application/pdf', size: 10 });
  await sdk.ownFiles.show({ id });
  await sdk.fileUploads.create({ fileId: id });
  await sdk.ownFileDownloads.create({ fileId: id });
  await sdk.fileDownloads.create({ fileId: id });
  await sdk.files.show({ id });
  await sdk.logout();
  void [scope, loggedInAs, email, price, last];
}

try {
  await everyMethod();
} catch (e) {
  const error = e as SdkError;
  const code: 'api-error' | 'network' | 'timeout' | 'invalid-config' | 'invalid-params' | 'invalid-response' | 'token-store' | 'aborted' | 'internal' | 'not-loaded' = error.code;
  console.log(code, error.status);
}
// Cancellation and retries (issue 9): a signal on queries, commands and login; `retry` in the config.
const controller = new AbortController();
const retrying = createInstance({ clientId: 'sandbox-client-id', retry: 3, timeout: 5000 });
void retrying.listings.query({ perPage: 1 }, { signal: controller.signal });
void retrying.ownListings.createDraft({ title: 'x' }, {}, { signal: controller.signal });
void retrying.login({ username: 'u', password: 'p' }, { signal: controller.signal });
void retrying.logout({ signal: controller.signal });
createInstance({ clientId: 'sandbox-client-id', tokenStore: { getToken: () => null, setToken: () => {}, removeToken: () => {}, lockName: null } });
const text: string = transit.write({ a: new types.BigDecimal('1.5') }, { verbose: true });
transit.read(text);
class Decimal { constructor(readonly text: string) {} }
const decimalHandlers = [{ sdkType: types.BigDecimal, appType: Decimal, reader: (v: InstanceType<typeof types.BigDecimal>) => new Decimal(v.value), writer: (d: Decimal) => new types.BigDecimal(d.text) }];
transit.read(text, { typeHandlers: decimalHandlers });
transit.write({ a: new Decimal('1.5') }, { typeHandlers: decimalHandlers, verbose: false });
await ready();
await init(new URL('https://cdn.example.com/sharetribe_sdk_bg.wasm'));
await init(fetch('/sharetribe_sdk_bg.wasm'));
declare const req: { cookies: Record<string, string> };
declare const res: { cookie(name: string, value: string, options: object): void; clearCookie(name: string): void };
createInstance({ clientId: 'sandbox-client-id', tokenStore: tokenStore.expressCookieStore({ clientId: 'sandbox-client-id', req, res, secure: true }) });
util.queryString({ ids: [id], start });
util.objectQueryString({ w: 640, fit: 'scale' });
declare const f: File;
file.metadata(f);
const restored = JSON.parse('{}', types.reviver);
void restored;
