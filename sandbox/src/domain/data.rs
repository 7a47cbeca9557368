//! The sandbox's records: what the Marketplace API serves and changes. One [`Data`] lives
//! in the mutable state; `POST /_sandbox/reset` rebuilds it from the seed. Records are never
//! removed (a deleted one is flagged), so an index into a `Vec` stays a stable handle.

use sharetribe_sdk::core::value::Value;

/// A deterministic UUID: `kind` tells the resource type apart (visible in the first group),
/// `n` counts within that type.
pub fn fixed_uuid(kind: u32, n: u64) -> String {
    format!("{kind:08x}-0000-4000-8000-{n:012x}")
}

/// Publication state of a listing; only `Published` ones are visible through public queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListingState {
    /// Visible in `listings/show` and `listings/query`.
    Published,
    /// Not yet published; hidden from public queries.
    Draft,
    /// Closed by its author; hidden from public queries.
    Closed,
    /// Waiting for an operator's approval; hidden from public queries.
    PendingApproval,
}

impl ListingState {
    /// The state as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ListingState::Published => "published",
            ListingState::Draft => "draft",
            ListingState::Closed => "closed",
            ListingState::PendingApproval => "pendingApproval",
        }
    }
}

/// The marketplace resource.
#[derive(Debug, Clone)]
pub struct Marketplace {
    /// Resource id.
    pub id: String,
    /// `attributes.name`.
    pub name: String,
    /// `attributes.description`.
    pub description: String,
    /// Whether new listings wait in `pendingApproval` for an operator (not an attribute).
    pub listing_approval: bool,
}

/// A user account with its login password.
#[derive(Debug, Clone)]
pub struct User {
    /// Resource id.
    pub id: String,
    /// Login name.
    pub email: String,
    /// Login password (never logged).
    pub password: String,
    /// `profile.firstName`.
    pub first_name: String,
    /// `profile.lastName`.
    pub last_name: String,
    /// `profile.bio`.
    pub bio: String,
    /// Whether the email address counts as verified.
    pub email_verified: bool,
    /// Account creation time, epoch milliseconds.
    pub created_at: i64,
    /// `profile.publicData`.
    pub public_data: Value,
    /// `profile.protectedData` (only shown to the user themself).
    pub protected_data: Value,
    /// `profile.privateData` (only shown to the user themself).
    pub private_data: Value,
    /// Index into [`Data::images`] of the profile image, if the user has one.
    pub profile_image: Option<usize>,
    /// `profile.displayName` as the user set it; `None` derives it from the names.
    pub display_name: Option<String>,
    /// A new address waiting for verification (`pendingEmail`).
    pub pending_email: Option<String>,
    /// Whether the account was deleted (it can no longer log in).
    pub deleted: bool,
    /// Email verification tokens issued and still valid (all stay valid until one is used).
    pub verification_tokens: Vec<String>,
    /// The password reset token issued last, if any (one use).
    pub password_reset_token: Option<String>,
    /// Tokens issued to this user so far, numbering the next one.
    pub tokens_issued: u32,
    /// The user's Stripe records (local stand-ins; the sandbox never calls Stripe).
    pub stripe: StripeRecords,
}

/// A user's Stripe account and customer, as local records.
#[derive(Debug, Clone, Default)]
pub struct StripeRecords {
    /// The connected account: resource id, `acct_...` id and country.
    pub account: Option<(String, String, String)>,
    /// The customer: resource id and `cus_...` id.
    pub customer: Option<(String, String)>,
    /// The customer's default payment method: resource id and `pm_...` id.
    pub payment_method: Option<(String, String)>,
}

impl User {
    /// A new account as sign-up or the seed makes it: unverified, no images, no names beyond
    /// the given ones, empty extended data, nothing pending, no tokens issued. Callers set the
    /// fields that differ.
    pub fn new(id: String, email: String, password: String, created_at: i64) -> User {
        User {
            id,
            email,
            password,
            first_name: String::new(),
            last_name: String::new(),
            bio: String::new(),
            email_verified: false,
            created_at,
            public_data: Value::Map(Vec::new()),
            protected_data: Value::Map(Vec::new()),
            private_data: Value::Map(Vec::new()),
            profile_image: None,
            display_name: None,
            pending_email: None,
            deleted: false,
            verification_tokens: Vec::new(),
            password_reset_token: None,
            tokens_issued: 0,
            stripe: Default::default(),
        }
    }

    /// `profile.displayName`: first name and the initial of the last name, e.g. "Alice A.".
    pub fn display_name(&self) -> String {
        match &self.display_name {
            Some(name) => name.clone(),
            None => format!("{} {}.", self.first_name, initial(&self.last_name)),
        }
    }

    /// A new one-time token for `purpose` (`verify`, `reset`). Predictable on purpose, so
    /// tests can use it: `<purpose>-<email>-<n>`, n counting the user's tokens from 1.
    pub fn issue_token(&mut self, purpose: &str) -> String {
        self.tokens_issued += 1;
        format!("{purpose}-{}-{}", self.email, self.tokens_issued)
    }

    /// `profile.abbreviatedName`: both initials, e.g. "AA".
    pub fn abbreviated_name(&self) -> String {
        format!("{}{}", initial(&self.first_name), initial(&self.last_name))
    }
}

fn initial(name: &str) -> String {
    name.chars().next().map(String::from).unwrap_or_default()
}

/// A listing.
#[derive(Debug, Clone)]
pub struct Listing {
    /// Resource id.
    pub id: String,
    /// Index into [`Data::users`] of the author.
    pub author: usize,
    /// `attributes.title`.
    pub title: String,
    /// `attributes.description`.
    pub description: String,
    /// `attributes.price`: amount in minor units and ISO 4217 currency.
    pub price: Option<(i64, String)>,
    /// `attributes.geolocation`: latitude and longitude.
    pub geolocation: Option<(f64, f64)>,
    /// `attributes.availabilityPlan` as sent (a map with `type` and `entries`), or null.
    pub availability_plan: Value,
    /// `attributes.publicData`.
    pub public_data: Value,
    /// `attributes.privateData` (only in `ownListing`).
    pub private_data: Value,
    /// `attributes.metadata`: set by the operator (Console or the Integration API), read-only
    /// through the Marketplace API; matched by `meta_<key>` filters and sort keys.
    pub metadata: Value,
    /// Publication state.
    pub state: ListingState,
    /// Whether the listing was deleted (a discarded draft).
    pub deleted: bool,
    /// Creation time, epoch milliseconds.
    pub created_at: i64,
    /// Indexes into [`Data::images`].
    pub images: Vec<usize>,
}

impl Listing {
    /// The price amount in minor units, 0 when the listing has no price.
    pub fn price_amount(&self) -> i64 {
        self.price.as_ref().map_or(0, |(amount, _)| *amount)
    }
}

/// An image; its variants are generated PNGs (or the uploaded bytes) served by the sandbox
/// itself.
#[derive(Debug, Clone)]
pub struct Image {
    /// Resource id.
    pub id: String,
    /// Text drawn on the generated picture.
    pub label: String,
    /// Background hue of the generated picture, 0–359.
    pub hue: u16,
    /// The uploaded file, served back at every variant URL (`None` for seed images).
    pub upload: Option<Upload>,
    /// Index into [`Data::users`] of the user who uploaded it (`None` for seed images).
    pub owner: Option<usize>,
}

/// The bytes of an uploaded image and their declared type.
#[derive(Debug, Clone)]
pub struct Upload {
    /// `image/jpeg`, `image/png`, ...
    pub media_type: String,
    /// The file as uploaded (shared: the data set is cloned on reads).
    pub bytes: std::sync::Arc<[u8]>,
}

/// Largest width or height of an image variant, as the Marketplace API documents.
pub const MAX_IMAGE_SIDE: u32 = 3072;

/// The standard image variants every image has: name, width, height.
pub const IMAGE_VARIANTS: &[(&str, u32, u32)] = &[
    ("default", 750, 750),
    ("landscape-crop", 400, 267),
    ("landscape-crop2x", 800, 533),
    ("landscape-crop4x", 1600, 1066),
    ("landscape-crop6x", 2400, 1602),
    ("scaled-small", 320, 320),
    ("scaled-medium", 750, 750),
    ("scaled-large", 1024, 1024),
    ("scaled-xlarge", 2400, 2400),
    ("square-small", 240, 240),
    ("square-small2x", 480, 480),
    ("facebook", 1200, 630),
    ("twitter", 600, 314),
];

/// The whole data set.
#[derive(Debug, Clone)]
pub struct Data {
    /// The marketplace.
    pub marketplace: Marketplace,
    /// Users, in id order.
    pub users: Vec<User>,
    /// Listings, in id order (published, then the hidden ones).
    pub listings: Vec<Listing>,
    /// Listing and profile images, in id order.
    pub images: Vec<Image>,
    /// Bookings made by transactions (booking process), in creation order.
    pub bookings: Vec<Booking>,
    /// Availability exceptions of listings, in creation order.
    pub availability_exceptions: Vec<AvailabilityException>,
    /// Stock adjustments of listings, in creation order; a listing's stock is their sum.
    pub stock_adjustments: Vec<StockAdjustment>,
    /// Files users registered with `ownFiles.create`, in creation order (see `api::files`).
    pub files: Vec<StoredFile>,
    /// Transactions, in creation order.
    pub transactions: Vec<Transaction>,
    /// Messages of transactions, in sending order.
    pub messages: Vec<Message>,
    /// Reviews posted through review transitions, in posting order.
    pub reviews: Vec<Review>,
    /// Where new ids and timestamps come from.
    pub sequence: Sequence,
}

/// A transaction between a customer and the author (provider) of a listing.
#[derive(Debug, Clone)]
pub struct Transaction {
    /// Resource id.
    pub id: String,
    /// The process it follows.
    pub process: &'static crate::domain::transactions::process::Process,
    /// Index into [`Data::listings`].
    pub listing: usize,
    /// Index into [`Data::users`] of the customer (who initiated it).
    pub customer: usize,
    /// Index into [`Data::users`] of the provider (the listing's author).
    pub provider: usize,
    /// The current state, e.g. `state/inquiry`.
    pub state: &'static str,
    /// Transitions so far: name, time (epoch ms) and actor (`customer`, `provider`,
    /// `operator`, `system`).
    pub transitions: Vec<(&'static str, i64, &'static str)>,
    /// Creation time, epoch milliseconds.
    pub created_at: i64,
    /// `protectedData`.
    pub protected_data: Value,
    /// `metadata`.
    pub metadata: Value,
    /// `lineItems` as rendered (with `lineTotal`, `reversal`).
    pub line_items: Vec<Value>,
    /// `payinTotal`, if line items set one.
    pub payin_total: Option<(i64, String)>,
    /// `payoutTotal`, if line items set one.
    pub payout_total: Option<(i64, String)>,
    /// Index into [`Data::bookings`] of its booking.
    pub booking: Option<usize>,
    /// Units reserved from the listing's stock (purchase process), and the reservation's
    /// state (`pending`, `accepted`, `declined`, `cancelled`).
    pub stock_reservation: Option<(i64, &'static str)>,
}

/// A message sent in a transaction.
#[derive(Debug, Clone)]
pub struct Message {
    /// Resource id.
    pub id: String,
    /// Index into [`Data::transactions`].
    pub transaction: usize,
    /// Index into [`Data::users`] of the sender.
    pub sender: usize,
    /// `content`.
    pub content: String,
    /// Sending time, epoch milliseconds.
    pub created_at: i64,
}

/// A review posted by a party of a transaction about the other.
#[derive(Debug, Clone)]
pub struct Review {
    /// Resource id.
    pub id: String,
    /// Index into [`Data::transactions`].
    pub transaction: usize,
    /// Index into [`Data::users`] of the author.
    pub author: usize,
    /// Index into [`Data::users`] of the subject.
    pub subject: usize,
    /// `ofProvider` (by the customer) or `ofCustomer` (by the provider).
    pub review_type: &'static str,
    /// `pending` until the process publishes it, then `public`.
    pub state: &'static str,
    /// `rating`, 1 to 5.
    pub rating: i64,
    /// `content`.
    pub content: String,
    /// Posting time, epoch milliseconds.
    pub created_at: i64,
}

/// A file registered with `ownFiles.create`; its bytes arrive later at the sandbox's storage
/// URL (`fileUploads.create` hands it out).
#[derive(Debug, Clone)]
pub struct StoredFile {
    /// Resource id.
    pub id: String,
    /// Index into [`Data::users`] of the owner.
    pub owner: usize,
    /// `attributes.name`.
    pub name: String,
    /// The declared MIME type.
    pub mime_type: String,
    /// The declared size in bytes.
    pub size: i64,
    /// `pendingUpload` until its bytes arrive, then `available`.
    pub state: &'static str,
    /// Creation time, epoch milliseconds.
    pub created_at: i64,
    /// When `state` last changed, epoch milliseconds.
    pub state_updated_at: i64,
    /// The uploaded bytes (empty until uploaded).
    pub content: Vec<u8>,
    /// The key of the last storage URL handed out for uploading, if any.
    pub upload_key: Option<String>,
    /// The key of the last storage URL handed out for downloading, if any.
    pub download_key: Option<String>,
}

/// A booking of a listing's time, made by a transaction. Shared between the transactions
/// family (which makes and changes them) and timeslots (which subtracts them from
/// availability).
#[derive(Debug, Clone)]
pub struct Booking {
    /// Resource id.
    pub id: String,
    /// Index of the transaction that made it (into the transactions family's records).
    pub transaction: usize,
    /// Index into [`Data::listings`].
    pub listing: usize,
    /// Start, epoch milliseconds.
    pub start_ms: i64,
    /// End (exclusive), epoch milliseconds.
    pub end_ms: i64,
    /// Seats booked.
    pub seats: i64,
    /// `pending`, `proposed`, `accepted`, `declined` or `cancelled`; only `pending`,
    /// `proposed` and `accepted` bookings take availability.
    pub state: &'static str,
}

/// An exception to a listing's availability plan: `seats` available in `[start, end)`.
#[derive(Debug, Clone)]
pub struct AvailabilityException {
    /// Resource id.
    pub id: String,
    /// Index into [`Data::listings`].
    pub listing: usize,
    /// Start, epoch milliseconds.
    pub start_ms: i64,
    /// End (exclusive), epoch milliseconds.
    pub end_ms: i64,
    /// Seats available in the range (0 blocks it).
    pub seats: i64,
    /// Whether it was deleted (records are never removed).
    pub deleted: bool,
}

/// One change of a listing's stock: by its author (`stockAdjustments.create`,
/// `stock.compareAndSet`) or by a transaction's stock reservation.
#[derive(Debug, Clone)]
pub struct StockAdjustment {
    /// Resource id.
    pub id: String,
    /// Index into [`Data::listings`].
    pub listing: usize,
    /// When it happened, epoch milliseconds.
    pub at_ms: i64,
    /// Change in units (negative for a decrease).
    pub quantity: i64,
}

/// Milliseconds since the epoch of 2025-01-01T00:00:00Z, the sandbox clock at reset.
pub const CLOCK_START_MS: i64 = 1_735_689_600_000;

/// Deterministic ids and times for records made through the API, so two runs of the same
/// scenario against a freshly reset sandbox see the same ids and timestamps (the conformance
/// suite compares them between SDKs).
#[derive(Debug, Clone, Default)]
pub struct Sequence {
    /// Ids handed out so far, per kind.
    counters: std::collections::BTreeMap<u32, u64>,
    /// Clock ticks handed out so far.
    ticks: i64,
}

impl Sequence {
    /// A new id for a record of `kind` (the first group of the UUID, as in [`fixed_uuid`]).
    /// Numbers start at 0x100000, clear of the seed's.
    pub fn id(&mut self, kind: u32) -> String {
        let n = self.counters.entry(kind).or_insert(0x10_0000);
        *n += 1;
        fixed_uuid(kind, *n)
    }

    /// The sandbox's clock: [`CLOCK_START_MS`] at reset, one second later on every reading, so
    /// records made one after another have increasing, reproducible timestamps.
    pub fn now_ms(&mut self) -> i64 {
        self.ticks += 1;
        CLOCK_START_MS + self.ticks * 1000
    }

    /// The clock's current time without advancing it.
    pub fn peek_ms(&self) -> i64 {
        CLOCK_START_MS + self.ticks * 1000
    }
}

/// Kinds of id, the first group of every UUID the sandbox makes.
pub mod kind {
    /// Users.
    pub const USER: u32 = 0x1000_0000;
    /// Listings.
    pub const LISTING: u32 = 0x2000_0000;
    /// Images.
    pub const IMAGE: u32 = 0x3000_0000;
    /// The marketplace.
    pub const MARKETPLACE: u32 = 0x4000_0000;
    /// Transactions.
    pub const TRANSACTION: u32 = 0x5000_0000;
    /// Bookings.
    pub const BOOKING: u32 = 0x5100_0000;
    /// Messages.
    pub const MESSAGE: u32 = 0x5200_0000;
    /// Reviews.
    pub const REVIEW: u32 = 0x5300_0000;
    /// Stock, stock adjustments and reservations.
    pub const STOCK: u32 = 0x6000_0000;
    /// Availability exceptions.
    pub const AVAILABILITY_EXCEPTION: u32 = 0x6100_0000;
    /// Stripe records.
    pub const STRIPE: u32 = 0x7000_0000;
    /// Files.
    pub const FILE: u32 = 0x8000_0000;
    /// Anything else.
    pub const OTHER: u32 = 0x9000_0000;
}
