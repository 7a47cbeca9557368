//! The fixed data set the sandbox serves: one marketplace, three users, their listings and
//! images, shaped like a Web Template marketplace whose hosted config assets
//! (`sandbox/assets/`) describe it: every listing has a listing type with its transaction
//! process and unit type, a category, the listing fields, a price in the marketplace currency
//! ([`CURRENCY`]), and what its process needs (a time availability plan in the listing's time
//! zone for bookings, stock for purchases). Built the same way on every start, so ids, titles
//! and dates are stable across runs.

use sharetribe_sdk::core::value::Value;

/// The only client ID the Auth API accepts.
pub const CLIENT_ID: &str = "sandbox-client-id";

/// Milliseconds since the epoch of 2024-01-01T00:00:00Z, the first listing's creation time.
const BASE_TIME_MS: i64 = 1_704_067_200_000;
const HOUR_MS: i64 = 3_600_000;

use crate::domain::data::{
    fixed_uuid, kind, Data, Image, Listing, ListingState, Marketplace, Sequence, StockAdjustment,
    User,
};

/// Number of published listings in the seed.
pub const PUBLISHED_LISTINGS: usize = 54;

const CATEGORIES: &[(&str, &[&str])] = &[
    (
        "bikes",
        &["road bike", "mountain bike", "cargo bike", "city bike"],
    ),
    (
        "cameras",
        &["film camera", "mirrorless camera", "camera lens", "tripod"],
    ),
    (
        "camping",
        &["tent", "sleeping bag", "camping stove", "backpack"],
    ),
    (
        "watersports",
        &["kayak", "paddle board", "wetsuit", "canoe"],
    ),
    (
        "tools",
        &["power drill", "ladder", "circular saw", "pressure washer"],
    ),
    (
        "music",
        &["acoustic guitar", "keyboard", "drum kit", "amplifier"],
    ),
];

const ADJECTIVES: &[&str] = &[
    "Vintage",
    "Lightweight",
    "Sturdy",
    "Compact",
    "Professional",
    "Classic",
    "Modern",
    "Rugged",
    "Cosy",
];

/// The marketplace currency (`/general/localization.json`); every seed price is in it.
pub const CURRENCY: &str = "USD";

/// City, latitude, longitude, time zone.
const PLACES: &[(&str, f64, f64, &str)] = &[
    ("Helsinki", 60.16952, 24.93545, "Europe/Helsinki"),
    ("Berlin", 52.52000, 13.40495, "Europe/Berlin"),
    ("New York", 40.71278, -74.00597, "America/New_York"),
    ("Lisbon", 38.72225, -9.13934, "Europe/Lisbon"),
    ("San Francisco", 37.77493, -122.41942, "America/Los_Angeles"),
    ("Austin", 30.26715, -97.74306, "America/Chicago"),
];

/// How a listing is transacted: a listing type of `/listings/listing-types.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedListingType {
    /// `daily-rental`: `default-booking/release-1` by the `day`.
    Daily,
    /// `nightly-rental`: `default-booking/release-1` by the `night`.
    Nightly,
    /// `hourly-rental`: `default-booking/release-1` by the `hour`.
    Hourly,
    /// `sell-item`: `default-purchase/release-1` by the `item`, with stock.
    Sale,
    /// `free-inquiry`: `default-inquiry/release-1`.
    Inquiry,
}

impl SeedListingType {
    /// The listing type of seed listing `n` (0-based): the five in turn.
    pub fn of(n: usize) -> SeedListingType {
        [
            Self::Daily,
            Self::Nightly,
            Self::Hourly,
            Self::Sale,
            Self::Inquiry,
        ][n % 5]
    }

    /// `publicData.listingType`, `transactionProcessAlias` and `unitType`.
    pub fn public_data(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Daily => ("daily-rental", "default-booking/release-1", "day"),
            Self::Nightly => ("nightly-rental", "default-booking/release-1", "night"),
            Self::Hourly => ("hourly-rental", "default-booking/release-1", "hour"),
            Self::Sale => ("sell-item", "default-purchase/release-1", "item"),
            Self::Inquiry => ("free-inquiry", "default-inquiry/release-1", "inquiry"),
        }
    }
}

/// Options of the `condition` listing field.
const CONDITIONS: &[&str] = &["new", "like-new", "good", "worn"];

/// A time availability plan in `timezone`: whole days every day for day and night rentals,
/// 09:00–17:00 on weekdays and 10:00–14:00 on Saturdays for hourly ones.
fn availability_plan(kind: SeedListingType, timezone: &str) -> Value {
    let entry = |day: &str, start: &str, end: &str| {
        map(vec![
            ("dayOfWeek", string(day)),
            ("startTime", string(start)),
            ("endTime", string(end)),
            ("seats", Value::Int(1)),
        ])
    };
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let entries: Vec<Value> = match kind {
        SeedListingType::Daily | SeedListingType::Nightly => {
            days.iter().map(|d| entry(d, "00:00", "00:00")).collect()
        }
        SeedListingType::Hourly => days[..5]
            .iter()
            .map(|d| entry(d, "09:00", "17:00"))
            .chain([entry("sat", "10:00", "14:00")])
            .collect(),
        SeedListingType::Sale | SeedListingType::Inquiry => return Value::Null,
    };
    map(vec![
        ("type", string("availability-plan/time")),
        ("timezone", string(timezone)),
        ("entries", Value::Array(entries)),
    ])
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::map(entries)
}

fn string(s: &str) -> Value {
    Value::String(s.to_owned())
}

/// Builds the data set. Pure and deterministic.
pub fn build() -> Data {
    let mut images = Vec::new();
    let mut new_image = |label: String, hue: u16| -> usize {
        images.push(Image {
            id: fixed_uuid(0x3000_0000, images.len() as u64 + 1),
            label,
            hue,
            upload: None,
            owner: None,
        });
        images.len() - 1
    };

    let people = [
        (
            "alice",
            "Alice",
            "Anderson",
            "Hobby photographer who rents out cameras and bikes.",
            "Helsinki",
            true,
        ),
        (
            "bob",
            "Bob",
            "Brown",
            "Weekend camper and kayaker.",
            "Berlin",
            true,
        ),
        (
            "carol",
            "Carol",
            "Clark",
            "Musician with a garage full of tools.",
            "Austin",
            false,
        ),
    ];
    let mut users = Vec::new();
    for (i, (login, first, last, bio, city, has_photo)) in people.into_iter().enumerate() {
        let profile_image =
            has_photo.then(|| new_image(format!("{first} {last}"), 200 + 40 * i as u16));
        let created_at = BASE_TIME_MS - (30 - i as i64) * 24 * HOUR_MS;
        users.push(User {
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            bio: bio.to_owned(),
            email_verified: i != 2,
            // Bob signed up to rent; Alice and Carol to lend (`/users/user-types.json`).
            public_data: map(vec![
                ("city", string(city)),
                (
                    "userType",
                    string(if login == "bob" {
                        "customer"
                    } else {
                        "provider"
                    }),
                ),
            ]),
            protected_data: map(vec![("phoneNumber", string(&format!("+1 555 010{i}")))]),
            private_data: map(vec![("newsletter", Value::Bool(i % 2 == 0))]),
            profile_image,
            ..User::new(
                fixed_uuid(0x1000_0000, i as u64 + 1),
                format!("{login}@example.com"),
                format!("{login}-password"),
                created_at,
            )
        });
    }

    let mut listings = Vec::new();
    let mut stock_adjustments = Vec::new();
    let hidden = [
        ListingState::Draft,
        ListingState::Draft,
        ListingState::Closed,
    ];
    for n in 0..PUBLISHED_LISTINGS + hidden.len() {
        let (category, items) = CATEGORIES[n % CATEGORIES.len()];
        let item = items[(n / CATEGORIES.len()) % items.len()];
        let adjective = ADJECTIVES[n % ADJECTIVES.len()];
        let (city, lat, lng, timezone) = PLACES[n % PLACES.len()];
        let listing_type = SeedListingType::of(n);
        let (type_id, process_alias, unit_type) = listing_type.public_data();
        let state = if n < PUBLISHED_LISTINGS {
            ListingState::Published
        } else {
            hidden[n - PUBLISHED_LISTINGS]
        };
        let title = format!("{adjective} {item}");
        let image_count = 1 + n % 3;
        let listing_images = (0..image_count)
            .map(|k| {
                new_image(
                    format!("{title} ({})", k + 1),
                    ((n * 47 + k * 90) % 360) as u16,
                )
            })
            .collect();
        let offer = match listing_type {
            SeedListingType::Daily => "for rent by the day",
            SeedListingType::Nightly => "for rent by the night",
            SeedListingType::Hourly => "for rent by the hour",
            SeedListingType::Sale => "for sale",
            SeedListingType::Inquiry => "to borrow (ask the owner)",
        };
        let accessories: Vec<Value> = match n % 3 {
            0 => vec![string("case"), string("manual")],
            1 => vec![string("spare-parts")],
            _ => Vec::new(),
        };
        let mut public_data = vec![
            ("listingType", string(type_id)),
            ("transactionProcessAlias", string(process_alias)),
            ("unitType", string(unit_type)),
            ("categoryLevel1", string(category)),
            ("city", string(city)),
            ("condition", string(CONDITIONS[n % CONDITIONS.len()])),
            ("accessories", Value::Array(accessories)),
            (
                "location",
                map(vec![
                    ("address", string(&format!("{city} city centre"))),
                    ("building", string("")),
                ]),
            ),
        ];
        if listing_type == SeedListingType::Sale {
            let shipping = n % 2 == 0;
            public_data.push(("pickupEnabled", Value::Bool(true)));
            public_data.push(("shippingEnabled", Value::Bool(shipping)));
            if shipping {
                public_data.push(("shippingPriceInSubunitsOneItem", Value::Int(500)));
                public_data.push(("shippingPriceInSubunitsAdditionalItems", Value::Int(200)));
            }
            stock_adjustments.push(StockAdjustment {
                id: fixed_uuid(kind::STOCK, stock_adjustments.len() as u64 + 1),
                listing: n,
                at_ms: BASE_TIME_MS + n as i64 * 7 * HOUR_MS,
                quantity: 1 + (n % 5) as i64,
            });
        }
        // Small per-listing offsets keep pins in one city from overlapping exactly.
        let offset = (n as f64) * 0.001;
        listings.push(Listing {
            id: fixed_uuid(0x2000_0000, n as u64 + 1),
            author: n % 3,
            description: format!(
                "A {} {item} {offer} in {city}. Well looked after and ready to use; \
                 pick-up by arrangement. Listing number {}.",
                adjective.to_lowercase(),
                n + 1
            ),
            title,
            price: Some((1000 + ((n as i64 * 737) % 90) * 100, CURRENCY.to_owned())),
            geolocation: Some((lat + offset, lng - offset)),
            availability_plan: availability_plan(listing_type, timezone),
            private_data: Value::Map(Vec::new()),
            metadata: map(vec![
                ("featured", Value::Bool(n % 4 == 0)),
                ("rating", Value::Int(1 + (n as i64 * 3) % 5)),
            ]),
            deleted: false,
            public_data: map(public_data),
            state,
            // Every 7 hours plus a varying remainder, so createdAt order differs from id order.
            created_at: BASE_TIME_MS + (n as i64 * 7 + (n as i64 * 13) % 5) * HOUR_MS,
            images: listing_images,
        });
    }

    Data {
        marketplace: Marketplace {
            id: fixed_uuid(0x4000_0000, 1),
            name: "Sandbox Rentals".to_owned(),
            description:
                "An offline marketplace for renting gear, served by the Sharetribe sandbox."
                    .to_owned(),
            listing_approval: false,
        },
        users,
        listings,
        images,
        bookings: Vec::new(),
        availability_exceptions: Vec::new(),
        stock_adjustments,
        files: Vec::new(),
        transactions: Vec::new(),
        messages: Vec::new(),
        reviews: Vec::new(),
        sequence: Sequence::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_is_deterministic_and_large_enough() {
        let (a, b) = (build(), build());
        assert_eq!(a.listings.len(), b.listings.len());
        assert_eq!(a.listings[10].id, b.listings[10].id);
        assert_eq!(a.listings[10].created_at, b.listings[10].created_at);
        let published = a
            .listings
            .iter()
            .filter(|l| l.state == ListingState::Published)
            .count();
        assert!(published >= 50);
        assert!(a
            .listings
            .iter()
            .any(|l| l.state != ListingState::Published));
        assert!(a.listings.iter().all(|l| (1..=3).contains(&l.images.len())));
        assert_eq!(a.users[0].display_name(), "Alice A.");
        assert_eq!(a.users[0].abbreviated_name(), "AA");
        assert_eq!(a.users[0].id, "10000000-0000-4000-8000-000000000001");
    }
}
