//! `ownListings.*`: a user's own listings in any state (draft, pending approval, published,
//! closed), rendered as `ownListing` (a listing plus `privateData`).

use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::availability::is_time_zone;
use crate::domain::data::{kind, Listing, ListingState};
use crate::domain::extended_data::merge_extended;
use crate::resources::listings::OWN_LISTING;
use crate::resources::ResourceRef;
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .get("own_listings/show", show)
        .get("own_listings/query", query)
        .post("own_listings/create", create)
        .post("own_listings/create_draft", create_draft)
        .post("own_listings/publish_draft", publish_draft)
        .post("own_listings/discard_draft", discard_draft)
        .post("own_listings/update", update)
        .post("own_listings/open", open)
        .post("own_listings/close", close)
        .post("own_listings/add_image", add_image)
}

fn own(i: usize) -> ResourceRef {
    ResourceRef::new(&OWN_LISTING, i)
}

fn show(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let id = ctx.required_uuid("id")?;
    let i = ctx.own_listing(&id)?;
    Ok(ctx.show(own(i)))
}

fn query(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    let states = ctx.params.list("states");
    for state in &states {
        if !["draft", "pendingApproval", "published", "closed"].contains(&state.as_str()) {
            return Err(ApiError::invalid_value(
                "states",
                &format!("'{state}' is not one of draft, pendingApproval, published, closed"),
            ));
        }
    }
    let mut mine: Vec<usize> = (0..ctx.data.listings.len())
        .filter(|&i| {
            let l = &ctx.data.listings[i];
            l.author == user
                && !l.deleted
                && (states.is_empty() || states.iter().any(|s| s == l.state.as_str()))
        })
        .collect();
    // Newest first, ties by id order, like listings.query's default sort.
    mine.sort_by(|&a, &b| {
        let (la, lb) = (&ctx.data.listings[a], &ctx.data.listings[b]);
        lb.created_at.cmp(&la.created_at).then(a.cmp(&b))
    });
    ctx.page(mine.into_iter().map(own).collect())
}

/// The listing fields of a create or update body, each `None` when not given.
struct ListingFields {
    title: Option<String>,
    description: Option<String>,
    geolocation: Option<(f64, f64)>,
    price: Option<(i64, String)>,
    availability_plan: Option<Value>,
    public_data: Option<Value>,
    private_data: Option<Value>,
    images: Option<Vec<usize>>,
}

fn listing_fields(ctx: &Ctx) -> Result<ListingFields, ApiError> {
    let title = ctx.body_string("title")?;
    if title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(ApiError::invalid_body_value("title", "must not be empty"));
    }
    if let Some((amount, currency)) = ctx.body_money("price")? {
        if amount < 0 || currency.len() != 3 {
            return Err(ApiError::invalid_body_value(
                "price",
                "must be a non-negative amount in a 3-letter currency",
            ));
        }
    }
    let availability_plan = match ctx.body_param("availabilityPlan") {
        None => None,
        Some(plan @ Value::Map(_)) => {
            let kind = plan.get("type").and_then(|t| match t {
                Value::String(s) | Value::Keyword(s) => Some(s.as_str()),
                _ => None,
            });
            let time = match kind {
                Some("availability-plan/day") => false,
                Some("availability-plan/time") => true,
                _ => {
                    return Err(ApiError::invalid_body_value(
                        "availabilityPlan",
                        "type must be availability-plan/day or availability-plan/time",
                    ))
                }
            };
            check_plan_entries(plan.get("entries"), time)
                .map_err(|problem| ApiError::invalid_body_value("availabilityPlan", &problem))?;
            // A time plan's entries are read in its time zone, which must be a real one.
            match plan.get("timezone") {
                None | Some(Value::Null) => {}
                Some(Value::String(zone)) if is_time_zone(zone) => {}
                Some(_) => {
                    return Err(ApiError::invalid_body_value(
                        "availabilityPlan",
                        "timezone must be an IANA time zone name such as Europe/Helsinki",
                    ))
                }
            }
            Some(plan.clone())
        }
        Some(_) => {
            return Err(ApiError::invalid_body_value(
                "availabilityPlan",
                "must be an object",
            ))
        }
    };
    let images = match ctx.body_uuids("images")? {
        None => None,
        Some(ids) => Some(
            ids.iter()
                .map(|id| image_of(ctx, id, "images"))
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let geolocation = ctx.body_lat_lng("geolocation")?;
    if geolocation.is_some_and(|(lat, lng)| {
        !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lng)
    }) {
        return Err(ApiError::invalid_body_value(
            "geolocation",
            "latitude must be within ±90 and longitude within ±180",
        ));
    }
    Ok(ListingFields {
        title,
        description: ctx.body_string("description")?,
        geolocation,
        price: ctx.body_money("price")?,
        availability_plan,
        public_data: ctx.body_extended_data("publicData")?,
        private_data: ctx.body_extended_data("privateData")?,
        images,
    })
}

/// Checks an availability plan's `entries`: an array (may be empty) of maps with `dayOfWeek`
/// (`mon`…`sun`) and `seats` (integer ≥ 0; 0 means closed); a time plan's entries also have
/// `startTime` and `endTime` as `HH:MM` (00:00–23:59), `endTime` after `startTime`
/// (`00:00` as an end means midnight at the day's end). Fails with what is wrong.
fn check_plan_entries(entries: Option<&Value>, time: bool) -> Result<(), String> {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let entries = match entries {
        None => return Ok(()),
        Some(Value::Array(entries)) => entries,
        Some(_) => return Err("entries must be an array".to_owned()),
    };
    let text = |entry: &Value, key: &str| match entry.get(key) {
        Some(Value::String(s) | Value::Keyword(s)) => Some(s.clone()),
        _ => None,
    };
    let minutes = |text: &str| -> Option<i64> {
        let (h, m) = text.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m) = (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?);
        ((0..24).contains(&h) && m < 60).then_some(h * 60 + m)
    };
    for (n, entry) in entries.iter().enumerate() {
        if !matches!(entry, Value::Map(_)) {
            return Err(format!("entry {n} must be an object"));
        }
        if !text(entry, "dayOfWeek").is_some_and(|d| DAYS.contains(&d.as_str())) {
            return Err(format!("entry {n}: dayOfWeek must be one of mon … sun"));
        }
        if !matches!(entry.get("seats"), Some(Value::Int(seats)) if *seats >= 0) {
            return Err(format!("entry {n}: seats must be a non-negative integer"));
        }
        if time {
            let start = text(entry, "startTime").as_deref().and_then(minutes);
            let end = text(entry, "endTime").as_deref().and_then(minutes);
            match (start, end) {
                (Some(start), Some(end)) if end == 0 || end > start => {}
                (Some(_), Some(_)) => {
                    return Err(format!("entry {n}: endTime must be after startTime"))
                }
                _ => {
                    return Err(format!(
                        "entry {n}: startTime and endTime must be HH:MM times"
                    ))
                }
            }
        }
    }
    Ok(())
}

/// The index of image `id`, which must exist and, for uploaded images, belong to the caller.
/// Fails with 400 naming `param`.
fn image_of(ctx: &Ctx, id: &str, param: &str) -> Result<usize, ApiError> {
    let user = ctx.user()?;
    ctx.data
        .images
        .iter()
        .position(|img| img.id == id && img.owner.is_none_or(|owner| owner == user))
        .ok_or_else(|| ApiError::invalid_body_value(param, &format!("no image {id} of yours")))
}

fn create_listing(ctx: &mut Ctx, state: ListingState) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    let fields = listing_fields(ctx)?;
    let title = fields
        .title
        .ok_or_else(|| ApiError::missing_body_param("title"))?;
    let listing = Listing {
        id: ctx.new_id(kind::LISTING),
        author: user,
        title,
        description: fields.description.unwrap_or_default(),
        price: fields.price,
        geolocation: fields.geolocation,
        availability_plan: fields.availability_plan.unwrap_or(Value::Null),
        public_data: merge_extended(
            &Value::Map(Vec::new()),
            &fields.public_data.unwrap_or(Value::Map(Vec::new())),
        ),
        private_data: merge_extended(
            &Value::Map(Vec::new()),
            &fields.private_data.unwrap_or(Value::Map(Vec::new())),
        ),
        metadata: Value::Map(Vec::new()),
        state,
        deleted: false,
        created_at: ctx.now_ms(),
        images: fields.images.unwrap_or_default(),
    };
    ctx.data.listings.push(listing);
    let i = ctx.data.listings.len() - 1;
    Ok(ctx.command_result(own(i)))
}

fn create(ctx: &mut Ctx) -> Result<Value, ApiError> {
    create_listing(ctx, published_state(ctx))
}

fn create_draft(ctx: &mut Ctx) -> Result<Value, ApiError> {
    create_listing(ctx, ListingState::Draft)
}

/// Moves the caller's listing named by body `id` from state `from` to `to`. Fails with 404
/// for no such listing of theirs and 409 `listing-invalid-state` when it is in another state.
fn change_state(ctx: &mut Ctx, from: ListingState, to: ListingState) -> Result<Value, ApiError> {
    let id = ctx.required_body_uuid("id")?;
    let i = ctx.own_listing(&id)?;
    let state = ctx.data.listings[i].state;
    if state != from {
        return Err(ApiError::conflict(
            "listing-invalid-state",
            format!(
                "Listing {id} is {}; this needs it to be {}",
                state.as_str(),
                from.as_str()
            ),
        ));
    }
    ctx.data.listings[i].state = to;
    Ok(ctx.command_result(own(i)))
}

/// Where a listing goes when published: `published`, or `pendingApproval` while the
/// marketplace requires approval (see [`crate::control::listing_approval`]).
fn published_state(ctx: &Ctx) -> ListingState {
    if ctx.data.marketplace.listing_approval {
        ListingState::PendingApproval
    } else {
        ListingState::Published
    }
}

fn publish_draft(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let to = published_state(ctx);
    change_state(ctx, ListingState::Draft, to)
}

fn open(ctx: &mut Ctx) -> Result<Value, ApiError> {
    change_state(ctx, ListingState::Closed, ListingState::Published)
}

fn close(ctx: &mut Ctx) -> Result<Value, ApiError> {
    change_state(ctx, ListingState::Published, ListingState::Closed)
}

fn discard_draft(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let id = ctx.required_body_uuid("id")?;
    let i = ctx.own_listing(&id)?;
    if ctx.data.listings[i].state != ListingState::Draft {
        return Err(ApiError::conflict(
            "listing-invalid-state",
            format!("Listing {id} is not a draft"),
        ));
    }
    let result = ctx.command_result(own(i));
    ctx.data.listings[i].deleted = true;
    Ok(result)
}

fn update(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let id = ctx.required_body_uuid("id")?;
    let i = ctx.own_listing(&id)?;
    let fields = listing_fields(ctx)?;
    let listing = &mut ctx.data.listings[i];
    if let Some(title) = fields.title {
        listing.title = title;
    }
    if let Some(description) = fields.description {
        listing.description = description;
    }
    if fields.geolocation.is_some() {
        listing.geolocation = fields.geolocation;
    }
    if fields.price.is_some() {
        listing.price = fields.price;
    }
    if let Some(plan) = fields.availability_plan {
        listing.availability_plan = plan;
    }
    if let Some(update) = fields.public_data {
        listing.public_data = merge_extended(&listing.public_data, &update);
    }
    if let Some(update) = fields.private_data {
        listing.private_data = merge_extended(&listing.private_data, &update);
    }
    if let Some(images) = fields.images {
        listing.images = images;
    }
    Ok(ctx.command_result(own(i)))
}

fn add_image(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let id = ctx.required_body_uuid("id")?;
    let i = ctx.own_listing(&id)?;
    let image_id = ctx.required_body_uuid("imageId")?;
    let image = image_of(ctx, &image_id, "imageId")?;
    let images = &mut ctx.data.listings[i].images;
    if !images.contains(&image) {
        images.push(image);
    }
    Ok(ctx.command_result(own(i)))
}
