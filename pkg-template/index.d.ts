// Type declarations of sharetribe-sdk-wasm: a browser SDK for the Sharetribe Marketplace API,
// shaped like the browser half of `sharetribe-flex-sdk`.

// ---------------------------------------------------------------------------------------------
// SDK types
// ---------------------------------------------------------------------------------------------

/** A UUID, as the API sends ids. `new types.UUID('…')`. */
export declare class UUID {
  constructor(uuid: string);
  readonly _sdkType: 'UUID';
  uuid: string;
}

/** A geographic point. `new types.LatLng(60.17, 24.94)`. */
export declare class LatLng {
  constructor(lat: number, lng: number);
  readonly _sdkType: 'LatLng';
  lat: number;
  lng: number;
}

/** A bounding box by its north-east and south-west corners. */
export declare class LatLngBounds {
  constructor(ne: LatLng, sw: LatLng);
  readonly _sdkType: 'LatLngBounds';
  ne: LatLng;
  sw: LatLng;
}

/** Money in minor units with an ISO 4217 currency: `new types.Money(4500, 'EUR')` is €45.00. */
export declare class Money {
  constructor(amount: number, currency: string);
  readonly _sdkType: 'Money';
  amount: number;
  currency: string;
}

/** An arbitrary-precision decimal, kept as its text: `new types.BigDecimal('2.5')`. */
export declare class BigDecimal {
  constructor(value: string);
  readonly _sdkType: 'BigDecimal';
  value: string;
}

/** Any SDK type instance. */
export type SdkType = UUID | LatLng | LatLngBounds | Money | BigDecimal;

/** The SDK type classes and their JSON helpers. */
export declare const types: {
  UUID: typeof UUID;
  LatLng: typeof LatLng;
  LatLngBounds: typeof LatLngBounds;
  Money: typeof Money;
  BigDecimal: typeof BigDecimal;
  /** Turns `{ _sdkType: 'UUID', uuid }`-shaped plain objects back into SDK types. */
  toType<T>(value: T): T | SdkType;
  /** For `JSON.parse(text, types.reviver)`: restores SDK types written by `JSON.stringify`. */
  reviver(key: string, value: unknown): unknown;
  /** For `JSON.stringify(value, types.replacer)`; SDK types serialise by themselves. */
  replacer(key: string, value: unknown): unknown;
};

// ---------------------------------------------------------------------------------------------
// Config, token stores, errors
// ---------------------------------------------------------------------------------------------

/** What the SDK stores for a session: the Auth API's token, exactly as the official SDK does. */
export interface StoredToken {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope?: string;
  refresh_token?: string;
  isLoggedInAs?: boolean;
}

/**
 * Where sessions live. Methods may return promises; one that throws or rejects fails the call
 * with `token-store` (the exception as `cause`), one that never settles fails it with `timeout`
 * when the config has a `timeout`.
 */
export interface TokenStore {
  getToken(): StoredToken | null | undefined | Promise<StoredToken | null | undefined>;
  setToken(token: StoredToken): void | Promise<void>;
  removeToken(): void | Promise<void>;
  /**
   * The Web Lock under which token refreshes of this store run, single flight across tabs.
   * Absent: the client's lock `st-<clientId>-token` (the cookie store's), right for any store
   * the tabs share. `null` or `false`: no lock, for a store private to one tab.
   */
  readonly lockName?: string | null | false;
}

/** Token store factories. The default is `browserCookieStore` (the official SDK's cookie). */
export declare const tokenStore: {
  /** Keeps the session in memory: it ends with the page (the default in Node). `getToken()` is `null` after `removeToken()`. */
  memoryStore(): TokenStore;
  /**
   * For server-side rendering with Express: the cookie `st-<clientId>-token`, read from
   * `req.cookies` (cookie-parser) or the raw `Cookie` header and written with `res.cookie`
   * (180 days), as the official `expressCookieStore`; the browser's session is the server's.
   */
  expressCookieStore(options: {
    clientId: string;
    req: { cookies?: Record<string, string>; headers?: { cookie?: string } };
    res: { cookie(name: string, value: string, options: { maxAge: number; secure?: true }): unknown; clearCookie(name: string): unknown };
    secure?: boolean;
  }): TokenStore;
  /** `localStorage`, shared by the origin's tabs. Falls back to memory when unavailable. */
  localStorageStore(options: { clientId: string }): TokenStore;
  /** `sessionStorage`, one tab. Falls back to memory when unavailable. */
  sessionStorageStore(options: { clientId: string }): TokenStore;
  /** The cookie `st-<clientId>-token`, readable by the official SDK and SSR servers. */
  browserCookieStore(options: { clientId: string; secure?: boolean }): TokenStore;
};

/**
 * An application type standing in for an SDK type, e.g. a decimal library for `BigDecimal`:
 * `reader` turns SDK values in responses into application values, `writer` the other way in
 * request params (for values that are `instanceof appType` or pass `canHandle`).
 * @example
 * { sdkType: types.BigDecimal, appType: Decimal, reader: (v) => new Decimal(v.value), writer: (d) => new types.BigDecimal(d.toString()) }
 */
export type TypeHandler<App = any> = {
  reader?: (value: any) => App;
  writer?: (value: App) => SdkType;
  canHandle?: (value: any) => boolean;
} & (
  | { sdkType: typeof UUID | typeof LatLng | typeof LatLngBounds | typeof Money | typeof BigDecimal; appType?: new (...args: any[]) => App }
  | { /** @deprecated use `sdkType` */ type: typeof UUID | typeof LatLng | typeof LatLngBounds | typeof Money | typeof BigDecimal; /** @deprecated use `appType` */ customType?: new (...args: any[]) => App }
);

/**
 * `createInstance` settings. There is deliberately no `clientSecret`: a secret never belongs in
 * a browser, so passing one is a type error here and a runtime `invalid-config` error.
 */
export interface SdkConfig {
  /** The client ID of your Marketplace API application. */
  clientId: string;
  /** API host; default `https://flex-api.sharetribe.com`. Use the sandbox's URL offline. */
  baseUrl?: string;
  /** Asset Delivery API host; default `https://cdn.st-api.com`. */
  assetCdnBaseUrl?: string;
  /** API version path segment; default `v1`. */
  version?: string;
  /** Where the session is kept; default the official SDK's cookie. */
  tokenStore?: TokenStore;
  /** Whether the cookie store writes `Secure` cookies (always on over https). */
  secure?: boolean;
  /** Ask the API for verbose Transit. */
  transitVerbose?: boolean;
  /**
   * Timeout of a whole call in milliseconds (0 or absent: none): the token store, waiting for
   * another tab's refresh, the token request, the request and its body together.
   */
  timeout?: number;
  /**
   * Retries of queries (GET) answered 429, 502, 503 or 504 or lost to a network error, with
   * backoff from 250 ms or after `Retry-After` (at most 30 s), always within `timeout`.
   * `true` is 3, a number 0–10 that many; off by default. Commands are never resent.
   */
  retry?: boolean | number;
  /** Application types for SDK types. */
  typeHandlers?: TypeHandler[];
  /** Accepted and ignored, as in the official browser build. */
  disableDeprecationWarnings?: boolean;
  clientSecret?: never;
}

/** Stable error codes of {@link SdkError}. */
export type SdkErrorCode =
  | 'api-error'
  | 'network'
  | 'timeout'
  | 'invalid-config'
  | 'invalid-params'
  | 'invalid-response'
  | 'token-store'
  /** The call's `signal` aborted it. */
  | 'aborted'
  /** The wasm module failed; the package has brought up a fresh one for the next call. */
  | 'internal'
  /** The WebAssembly module is not loaded yet (a synchronous helper in a browser before `ready()`), or could not be loaded. */
  | 'not-loaded';

/** One entry of the API's error envelope. */
export interface ApiErrorEntry {
  id: UUID;
  status: number;
  code: string;
  title: string;
  details?: Record<string, unknown>;
}

/**
 * Every failure rejects with this real `Error`. Tokens, passwords and secrets never appear in it.
 * @example
 * try { await sdk.ownListings.close({ id }) } catch (e) { if (e.code === 'api-error' && e.status === 409) … }
 */
export interface SdkError extends Error {
  name: 'SdkError';
  code: SdkErrorCode;
  /** HTTP status, for `api-error`. */
  status?: number;
  statusText?: string;
  /** The decoded error body, for `api-error`: `{ errors: [...] }` from the Marketplace API. */
  data?: { errors?: ApiErrorEntry[] } | Record<string, unknown> | string;
}

// ---------------------------------------------------------------------------------------------
// Responses and resources
// ---------------------------------------------------------------------------------------------

/** Extended data: any JSON. */
export type ExtendedData = Record<string, unknown>;

/** A relationship of a resource: an identifier, a list of them, or null. */
export interface Relationship<T extends string = string> {
  data: ResourceIdentifier<T> | ResourceIdentifier<T>[] | null;
}

/** `{ id, type }` of a resource. */
export interface ResourceIdentifier<T extends string = string> {
  id: UUID;
  type: T;
}

/** A resource of `type` with its attributes (absent when a command was called without `expand`). */
export interface Resource<T extends string, A> extends ResourceIdentifier<T> {
  attributes: A;
  relationships?: Record<string, Relationship>;
}

/** Pagination of a query. */
export interface PageMeta {
  totalItems: number;
  totalPages: number;
  page: number;
  perPage: number;
}

/** What every call resolves: the HTTP status and the decoded document `{ data, included, meta }`. */
export interface SdkResponse<D> {
  status: number;
  statusText: string;
  data: { data: D; included?: AnyResource[]; meta: PageMeta | Record<string, unknown> };
}

export interface ImageVariant {
  name: string;
  width: number;
  height: number;
  url: string;
}

export interface ProfileAttributes {
  displayName: string;
  abbreviatedName: string;
  bio: string | null;
  publicData: ExtendedData;
  metadata: ExtendedData;
}

export type User = Resource<'user', { banned: boolean; deleted: boolean; createdAt: Date; profile: ProfileAttributes }>;
export type CurrentUser = Resource<'currentUser', {
  banned: boolean;
  deleted: boolean;
  createdAt: Date;
  email: string;
  emailVerified: boolean;
  pendingEmail: string | null;
  stripeConnected: boolean;
  stripePayoutsEnabled: boolean;
  stripeChargesEnabled: boolean;
  identityProviders: { idpId: string; userId: string }[];
  state: 'active' | 'pendingApproval' | 'banned';
  permissions: Record<'postListings' | 'initiateTransactions' | 'read', string>;
  profile: ProfileAttributes & { firstName: string; lastName: string; protectedData: ExtendedData; privateData: ExtendedData };
}>;
export type Marketplace = Resource<'marketplace', { name: string; description: string }>;
export type Image = Resource<'image', { variants: Record<string, ImageVariant> }>;
export interface AvailabilityPlan {
  type: 'availability-plan/day' | 'availability-plan/time';
  timezone?: string;
  entries: { dayOfWeek: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'; seats: number; startTime?: string; endTime?: string }[];
}
export interface ListingAttributes {
  title: string;
  description: string;
  geolocation: LatLng | null;
  price: Money | null;
  availabilityPlan: AvailabilityPlan | null;
  publicData: ExtendedData;
  metadata: ExtendedData;
  state: 'draft' | 'pendingApproval' | 'published' | 'closed';
  deleted: boolean;
  createdAt: Date;
}
export type Listing = Resource<'listing', ListingAttributes>;
export type OwnListing = Resource<'ownListing', ListingAttributes & { privateData: ExtendedData }>;
export interface LineItem {
  code: string;
  unitPrice: Money;
  quantity?: BigDecimal;
  percentage?: BigDecimal;
  seats?: number;
  units?: BigDecimal;
  lineTotal: Money;
  reversal: boolean;
  includeFor: ('customer' | 'provider')[];
}
export type Transaction = Resource<'transaction', {
  createdAt: Date;
  processName: string;
  processVersion: number;
  lastTransition: string;
  lastTransitionedAt: Date;
  transitions: { transition: string; createdAt: Date; by: 'customer' | 'provider' | 'operator' | 'system' }[];
  payinTotal: Money | null;
  payoutTotal: Money | null;
  lineItems: LineItem[];
  protectedData: ExtendedData;
  metadata: ExtendedData;
}>;
export type BookingState = 'pending' | 'proposed' | 'accepted' | 'declined' | 'cancelled';
export type Booking = Resource<'booking', { seats: number; start: Date; end: Date; displayStart: Date; displayEnd: Date; state: BookingState }>;
export type Message = Resource<'message', { content: string; createdAt: Date; deleted: boolean }>;
export type Review = Resource<'review', { type: 'ofProvider' | 'ofCustomer'; state: 'pending' | 'public'; rating: number; content: string; createdAt: Date; deleted: boolean }>;
export type ProcessTransition = Resource<'processTransition', { name: string; actor: string[]; actions: string[]; params: { req: string[]; opt: string[] } }>;
export type AvailabilityException = Resource<'availabilityException', { seats: number; start: Date; end: Date }>;
export type TimeSlot = Resource<'timeSlot', { type: 'time-slot/day' | 'time-slot/time'; seats: number; start: Date; end: Date }>;
export type Stock = Resource<'stock', { quantity: number }>;
export type StockAdjustment = Resource<'stockAdjustment', { at: Date; quantity: number }>;
export type StripeAccount = Resource<'stripeAccount', { stripeAccountId: string; stripeAccountData: Record<string, unknown> }>;
export type StripeAccountLink = Resource<'stripeAccountLink', { url: string; expiresAt: Date }>;
export type StripePerson = Resource<'stripePerson', { stripePersonId: string }>;
export type StripeSetupIntent = Resource<'stripeSetupIntent', { stripeSetupIntentId: string; clientSecret: string }>;
export type StripeCustomer = Resource<'stripeCustomer', { stripeCustomerId: string }>;
export type OwnFile = Resource<'ownFile', { name: string; size: number; state: string; createdAt: Date; stateUpdatedAt: Date }>;
export type FileResource = Resource<'file', { name: string; size: number; state: string; deleted: boolean }>;
export type FileUpload = Resource<'fileUpload', { fileId: UUID; url: string; method: string; headers: Record<string, string>; expiresAt: Date }>;
export type FileDownload = Resource<'fileDownload' | 'ownFileDownload', { fileId: UUID; url: string; expiresAt: Date }>;
export type SitemapListing = ResourceIdentifier<'listing'>;
export type SitemapAsset = Resource<'asset', { assetPath: string }>;

/** Any resource, as found in `included`. */
export type AnyResource =
  | User | CurrentUser | Marketplace | Image | Listing | OwnListing | Transaction | Booking | Message | Review
  | ProcessTransition | AvailabilityException | TimeSlot | Stock | StockAdjustment | StripeAccount
  | StripeCustomer | OwnFile | FileResource;

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

/** Parameters every call may carry: `include`, sparse `fields.*`, `limit.*`, `imageVariant.*`. */
export interface CommonQuery {
  include?: string[];
  expand?: boolean;
  [sparse: `fields.${string}` | `limit.${string}` | `imageVariant.${string}`]: string | string[] | number | boolean | undefined;
}

export interface Paging {
  page?: number;
  perPage?: number;
}

/** A query parameter value the SDK can encode; a plain object is refused. */
export type QueryValue = string | number | boolean | Date | SdkType | null | undefined | (string | number | UUID)[];

/** Query params as an object, a query string, or parts merged left to right. */
export type Params<P> = P | string | (string | P)[];

/** Per-call options of queries, login, logout and the asset calls. */
export interface SignalOptions {
  /** Aborts the call: it rejects with code `aborted` and its request is aborted. */
  signal?: AbortSignal;
}

/** Per-call options of commands. */
export interface CallOptions extends SignalOptions {
  /** Upload progress, for uploads (`images.upload`): `{ loaded, total, progress }`. */
  onUploadProgress?: (event: { loaded: number; total?: number; progress?: number; bytes: number; upload: true }) => void;
}

export interface ListingsQueryParams extends CommonQuery, Paging {
  keywords?: string;
  ids?: (UUID | string)[] | UUID | string;
  authorId?: UUID | string;
  origin?: LatLng;
  bounds?: LatLngBounds;
  price?: string;
  start?: Date;
  end?: Date;
  seats?: number;
  availability?: 'day-full' | 'day-partial' | 'time-full' | 'time-partial';
  minDuration?: number;
  minStock?: number;
  stockMode?: 'strict' | 'match-undefined';
  sort?: string;
  [extended: `pub_${string}` | `meta_${string}`]: QueryValue;
}

export interface ListingBody {
  title?: string;
  description?: string;
  geolocation?: LatLng;
  price?: Money;
  availabilityPlan?: AvailabilityPlan;
  publicData?: ExtendedData;
  privateData?: ExtendedData;
  images?: (UUID | string)[];
}

type Id = { id: UUID | string };
type Query<P, D> = (params?: Params<P>, opts?: SignalOptions) => Promise<SdkResponse<D>>;
type Command<B, D> = (body: B, query?: CommonQuery, opts?: CallOptions) => Promise<SdkResponse<D>>;

export interface TransactionInitiateBody {
  processAlias: string;
  transition: string;
  params: { listingId: UUID | string; protectedData?: ExtendedData; bookingStart?: Date; bookingEnd?: Date; bookingDisplayStart?: Date; bookingDisplayEnd?: Date; seats?: number; stockReservationQuantity?: number; deliveryMethod?: string; [param: string]: unknown };
}
export interface TransactionTransitionBody {
  id: UUID | string;
  transition: string;
  params: { reviewRating?: number; reviewContent?: string; protectedData?: ExtendedData; [param: string]: unknown };
}

// ---------------------------------------------------------------------------------------------
// The instance
// ---------------------------------------------------------------------------------------------

/** What `authInfo()` resolves: `{}` when no session is stored. */
export interface AuthInfo {
  scopes?: string[];
  isAnonymous?: boolean;
  grantType?: 'client_credentials' | 'refresh_token';
  isLoggedInAs?: boolean;
}

/** What `login` and `loginAs` resolve; the tokens themselves stay in the token store. */
export interface LoginResponse {
  status: number;
  statusText: string;
  data: { token_type: 'bearer'; expires_in?: number; scope?: string };
}

/** Asset Delivery API answers: plain JSON. */
export interface AssetResponse<T = unknown> {
  status: number;
  statusText: string;
  data: { data: T; included: unknown[]; meta: { version: string } };
}

/** An SDK instance: `sdk.<namespace>.<method>` for every Marketplace API endpoint. */
export interface SharetribeSdk {
  /**
   * Signs a user in (password grant) and stores the session.
   * @example await sdk.login({ username: 'alice@example.com', password: 'alice-password' })
   */
  login(params: { username: string; password: string }, opts?: SignalOptions): Promise<LoginResponse>;
  /** Logs in as a user with the code of Console's login-as redirect (PKCE). */
  loginAs(params: { code: string; redirect_uri: string; code_verifier: string }, opts?: SignalOptions): Promise<LoginResponse>;
  /** Revokes the session; resolves the revoke response, or undefined when there was none. */
  logout(opts?: SignalOptions): Promise<{ status: number; statusText: string; data: unknown } | undefined>;
  /** Describes the stored session without a request. */
  authInfo(): Promise<AuthInfo>;
  assetByAlias<T = unknown>(params: { path: string; alias: string }, opts?: SignalOptions): Promise<AssetResponse<T>>;
  assetByVersion<T = unknown>(params: { path: string; version: string }, opts?: SignalOptions): Promise<AssetResponse<T>>;
  assetsByAlias(params: { paths: string[]; alias: string }, opts?: SignalOptions): Promise<AssetResponse<Resource<'jsonAsset', { assetPath: string; data: unknown }>[]>>;
  assetsByVersion(params: { paths: string[]; version: string }, opts?: SignalOptions): Promise<AssetResponse<Resource<'jsonAsset', { assetPath: string; data: unknown }>[]>>;

  marketplace: { show: Query<CommonQuery, Marketplace> };
  users: { show: Query<CommonQuery & Id, User> };
  currentUser: {
    show: Query<CommonQuery, CurrentUser>;
    create: Command<{ email: string; password: string; firstName: string; lastName: string; displayName?: string; bio?: string; publicData?: ExtendedData; protectedData?: ExtendedData; privateData?: ExtendedData }, CurrentUser>;
    createWithIdp: Command<{ idpId: string; idpClientId: string; idpToken: string; email?: string; firstName?: string; lastName?: string; displayName?: string; bio?: string; publicData?: ExtendedData; protectedData?: ExtendedData; privateData?: ExtendedData }, CurrentUser>;
    updateProfile: Command<{ firstName?: string; lastName?: string; displayName?: string; bio?: string; publicData?: ExtendedData; protectedData?: ExtendedData; privateData?: ExtendedData; profileImageId?: UUID | string | null }, CurrentUser>;
    changeEmail: Command<{ currentPassword: string; email: string }, CurrentUser>;
    changePassword: Command<{ currentPassword: string; newPassword: string }, CurrentUser>;
    delete: Command<{ currentPassword: string }, CurrentUser>;
    verifyEmail: Command<{ verificationToken: string }, CurrentUser>;
    sendVerificationEmail: Command<Record<string, never>, CurrentUser>;
    createStripeAccount: Command<{ country: string; accountToken?: string; bankAccountToken?: string }, CurrentUser>;
    updateStripeAccount: Command<{ accountToken?: string; bankAccountToken?: string }, CurrentUser>;
    deleteStripeAccount: Command<Record<string, never>, CurrentUser>;
  };
  passwordReset: {
    request: Command<{ email: string }, null>;
    reset: Command<{ email: string; passwordResetToken: string; newPassword: string }, null>;
  };
  listings: {
    show: Query<CommonQuery & Id, Listing>;
    query: Query<ListingsQueryParams, Listing[]>;
    /** The legacy name of `query`. */
    search: Query<ListingsQueryParams, Listing[]>;
  };
  ownListings: {
    show: Query<CommonQuery & Id, OwnListing>;
    query: Query<CommonQuery & Paging & { states?: ListingAttributes['state'][] }, OwnListing[]>;
    create: Command<ListingBody & { title: string }, OwnListing>;
    createDraft: Command<ListingBody & { title: string }, OwnListing>;
    publishDraft: Command<Id, OwnListing>;
    discardDraft: Command<Id, OwnListing>;
    update: Command<ListingBody & Id, OwnListing>;
    open: Command<Id, OwnListing>;
    close: Command<Id, OwnListing>;
    addImage: Command<Id & { imageId: UUID | string }, OwnListing>;
  };
  availabilityExceptions: {
    create: Command<{ listingId: UUID | string; start: Date; end: Date; seats: number }, AvailabilityException>;
    delete: Command<Id, AvailabilityException>;
    query: Query<CommonQuery & Paging & { listingId: UUID | string; start: Date; end: Date }, AvailabilityException[]>;
  };
  images: {
    /**
     * Uploads an image (multipart). With `onUploadProgress` it reports progress.
     * @example await sdk.images.upload({ image: file }, { expand: true }, { onUploadProgress: (e) => console.log(e.progress) })
     */
    upload: Command<{ image: Blob | File }, Image>;
  };
  transactions: {
    initiate: Command<TransactionInitiateBody, Transaction>;
    initiateSpeculative: Command<TransactionInitiateBody, Transaction>;
    transition: Command<TransactionTransitionBody, Transaction>;
    transitionSpeculative: Command<TransactionTransitionBody, Transaction>;
    query: Query<CommonQuery & Paging & { only?: 'sale' | 'order'; lastTransitions?: string[]; states?: string[]; processNames?: string[]; [filter: `prot_${string}` | `meta_${string}`]: QueryValue }, Transaction[]>;
    show: Query<CommonQuery & Id, Transaction>;
  };
  processTransitions: { query: Query<CommonQuery & { transactionId?: UUID | string; processAlias?: string; lastTransition?: string }, ProcessTransition[]> };
  bookings: { query: Query<CommonQuery & Paging & { listingId: UUID | string; start: Date; end: Date; state?: BookingState | BookingState[] }, Booking[]> };
  messages: {
    query: Query<CommonQuery & Paging & { transactionId: UUID | string }, Message[]>;
    send: Command<{ transactionId: UUID | string; content: string; publicFileAttachments?: (UUID | string)[] }, Message>;
  };
  reviews: {
    query: Query<CommonQuery & Paging & { listingId?: UUID | string; subjectId?: UUID | string; transactionId?: UUID | string; type?: 'ofProvider' | 'ofCustomer'; state?: 'public' | 'pending' }, Review[]>;
    show: Query<CommonQuery & Id, Review>;
  };
  timeslots: { query: Query<CommonQuery & Paging & { listingId: UUID | string; start: Date; end: Date; intervalDuration?: string; maxPerInterval?: number; minDurationStartingInInterval?: number; intervalAlign?: Date }, TimeSlot[]> };
  stripeAccount: {
    create: Command<{ country: string; accountToken?: string; bankAccountToken?: string; businessProfileMCC?: string; businessProfileURL?: string; businessProfileProductDescription?: string; requestedCapabilities?: string[] }, StripeAccount>;
    fetch: Query<CommonQuery, StripeAccount>;
    update: Command<{ accountToken?: string; bankAccountToken?: string; requestedCapabilities?: string[]; businessProfileMCC?: string; businessProfileURL?: string }, StripeAccount>;
  };
  stripeAccountLinks: { create: Command<{ failureURL: string; successURL: string; type: string; collectionOptions?: { fields: string; future_requirements?: string }; collect?: string }, StripeAccountLink> };
  stripePersons: { create: Command<{ personToken: string }, StripePerson> };
  stripeSetupIntents: { create: Command<Record<string, never>, StripeSetupIntent> };
  stripeCustomer: {
    create: Command<{ stripePaymentMethodId?: string; stripeCustomerEmail?: string }, StripeCustomer>;
    addPaymentMethod: Command<{ stripePaymentMethodId: string }, StripeCustomer>;
    deletePaymentMethod: Command<Record<string, never>, StripeCustomer>;
  };
  stockAdjustments: {
    query: Query<CommonQuery & Paging & { listingId: UUID | string; start: Date; end: Date }, StockAdjustment[]>;
    create: Command<{ listingId: UUID | string; quantity: number }, StockAdjustment>;
  };
  stock: { compareAndSet: Command<{ listingId: UUID | string; oldTotal: number | null; newTotal: number }, Stock> };
  sitemapData: {
    queryListings: Query<Record<string, never>, SitemapListing[]>;
    queryAssets: Query<{ pathPrefix?: string }, SitemapAsset[]>;
  };
  ownFiles: {
    create: Command<{ name: string; mimeType: string; size: number }, OwnFile>;
    show: Query<CommonQuery & Id, OwnFile>;
  };
  fileUploads: { create: Command<{ fileId: UUID | string }, FileUpload> };
  ownFileDownloads: { create: Command<{ fileId: UUID | string }, FileDownload> };
  fileDownloads: { create: Command<{ fileId?: UUID | string; fileAttachmentId?: UUID | string; transactionId?: UUID | string }, FileDownload> };
  files: { show: Query<CommonQuery & { id?: UUID | string; fileAttachmentId?: UUID | string }, FileResource> };
}

/**
 * Creates an SDK instance. Throws an `SdkError` with code `invalid-config` for a bad config
 * (a missing `clientId`, a `clientSecret`, an unknown key with a "did you mean" hint, ...).
 * @example
 * const sdk = createInstance({ clientId: 'sandbox-client-id', baseUrl: 'http://127.0.0.1:4000' });
 * const { data } = await sdk.listings.query({ perPage: 10, include: ['author', 'images'] });
 */
export declare function createInstance(config: SdkConfig): SharetribeSdk;

/** The Transit codec the API speaks, for apps that send Transit to their own servers. */
export declare const transit: {
  read(text: string, options?: { typeHandlers?: TypeHandler[] }): unknown;
  write(value: unknown, options?: { typeHandlers?: TypeHandler[]; verbose?: boolean }): string;
};

/**
 * Resolves once the WebAssembly module is loaded, starting the load if needed. In Node it is
 * loaded synchronously on first use; in browsers on first use (`createInstance` starts it).
 * After it resolves, `transit.write`, `util` and `file.metadata` work synchronously (`transit.read`
 * needs no WebAssembly and works before). Rejects with a
 * `not-loaded` SdkError naming the cause; the next call tries again.
 */
export declare function ready(): Promise<void>;

/**
 * Loads the module from `input` instead of the `.wasm` file next to the package's JS: a URL, a
 * `Request`, a `Response` (or a promise of one, e.g. a preloaded fetch), bytes or a compiled
 * `WebAssembly.Module`. Without `input`, the same as `ready()`.
 */
export declare function init(
  input?: string | URL | Request | Response | Promise<Response> | BufferSource | WebAssembly.Module,
): Promise<void>;

/** Query-string helpers, as the official SDK's `util`. */
export declare const util: {
  queryString(params: Params<Record<string, QueryValue>>): string;
  objectQueryString(object: Record<string, string | number | boolean>): string;
};

/** File helpers for `ownFiles` uploads, as the official SDK's `file`. */
export declare const file: {
  metadata(file: File): { name: string; mimeType: string; size: number };
  upload(args: { method?: string; url: string; headers?: Record<string, string>; file: Blob | File; onUploadProgress?: CallOptions['onUploadProgress'] }): Promise<{ status: number; statusText: string; data: unknown }>;
};
