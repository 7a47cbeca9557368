//! The Stripe endpoints as local records with the documented shapes: the connected account
//! (`stripeAccount.*` and the legacy `currentUser.*StripeAccount`), account links, persons,
//! setup intents, and the customer with its default payment method. No call leaves the
//! sandbox; Stripe ids are made from the sandbox's deterministic ids.

use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::data::kind;
use crate::resources::stripe::{STRIPE_ACCOUNT, STRIPE_CUSTOMER};
use crate::resources::users::current_user;
use crate::resources::ResourceRef;
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .post("stripe_account/create", account_create)
        .get("stripe_account/fetch", account_fetch)
        .post("stripe_account/update", account_update)
        .post("current_user/create_stripe_account", legacy_create)
        .post("current_user/update_stripe_account", legacy_update)
        .post("current_user/delete_stripe_account", legacy_delete)
        .post("stripe_account_links/create", account_link_create)
        .post("stripe_persons/create", person_create)
        .post("stripe_setup_intents/create", setup_intent_create)
        .post("stripe_customer/create", customer_create)
        .post("stripe_customer/add_payment_method", add_payment_method)
        .post(
            "stripe_customer/delete_payment_method",
            delete_payment_method,
        )
}

/// A new resource id and a Stripe-style id with `prefix`, both deterministic.
fn new_ids(ctx: &mut Ctx, prefix: &str) -> (String, String) {
    let id = ctx.new_id(kind::STRIPE);
    let tail = id.rsplit('-').next().unwrap_or("0").to_owned();
    (id, format!("{prefix}_sandbox{tail}"))
}

fn no_account() -> ApiError {
    ApiError::not_found("The user has no Stripe account")
}

fn create_account(ctx: &mut Ctx) -> Result<usize, ApiError> {
    let user = ctx.user()?;
    let country = ctx.required_body_string("country")?;
    if country.len() != 2 {
        return Err(ApiError::invalid_body_value(
            "country",
            "must be a 2-letter country code",
        ));
    }
    if ctx.data.users[user].stripe.account.is_some() {
        return Err(ApiError::conflict(
            "stripe-account-already-exists",
            "The user already has a Stripe account",
        ));
    }
    let (id, stripe_id) = new_ids(ctx, "acct");
    ctx.data.users[user].stripe.account = Some((id, stripe_id, country.to_ascii_uppercase()));
    Ok(user)
}

fn update_account(ctx: &mut Ctx) -> Result<usize, ApiError> {
    let user = ctx.user()?;
    if ctx.data.users[user].stripe.account.is_none() {
        return Err(no_account());
    }
    // Tokens and business details would go to Stripe; nothing local changes.
    Ok(user)
}

fn account_create(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = create_account(ctx)?;
    Ok(ctx.command_result(ResourceRef::new(&STRIPE_ACCOUNT, user)))
}

fn account_fetch(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    if ctx.data.users[user].stripe.account.is_none() {
        return Err(no_account());
    }
    Ok(ctx.show(ResourceRef::new(&STRIPE_ACCOUNT, user)))
}

fn account_update(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = update_account(ctx)?;
    Ok(ctx.command_result(ResourceRef::new(&STRIPE_ACCOUNT, user)))
}

fn legacy_create(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = create_account(ctx)?;
    Ok(ctx.command_result(current_user(user)))
}

fn legacy_update(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = update_account(ctx)?;
    Ok(ctx.command_result(current_user(user)))
}

fn legacy_delete(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    if ctx.data.users[user].stripe.account.take().is_none() {
        return Err(no_account());
    }
    Ok(ctx.command_result(current_user(user)))
}

/// A response for a resource that is not a stored record.
fn ephemeral(id: String, type_name: &str, attributes: Value) -> Value {
    Value::map([
        (
            "data",
            Value::map([
                ("id", Value::Uuid(id)),
                ("type", Value::Keyword(type_name.to_owned())),
                ("attributes", attributes),
            ]),
        ),
        ("meta", Value::Map(Vec::new())),
        ("included", Value::Array(Vec::new())),
    ])
}

fn account_link_create(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    ctx.required_body_string("failureURL")?;
    ctx.required_body_string("successURL")?;
    ctx.required_body_string("type")?;
    if ctx.data.users[user].stripe.account.is_none() {
        return Err(no_account());
    }
    let (id, link) = new_ids(ctx, "link");
    let expires_at = ctx.now_ms() + 5 * 60 * 1000;
    let url = format!("{}/_sandbox/stripe/{link}", ctx.base_url);
    Ok(ephemeral(
        id,
        "stripeAccountLink",
        Value::map([
            ("url", Value::String(url)),
            ("expiresAt", Value::Instant(expires_at)),
        ]),
    ))
}

fn person_create(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    ctx.required_body_string("personToken")?;
    if ctx.data.users[user].stripe.account.is_none() {
        return Err(no_account());
    }
    let (id, person) = new_ids(ctx, "person");
    Ok(ephemeral(
        id,
        "stripePerson",
        Value::map([("stripePersonId", Value::String(person))]),
    ))
}

fn setup_intent_create(ctx: &mut Ctx) -> Result<Value, ApiError> {
    ctx.user()?;
    let (id, intent) = new_ids(ctx, "seti");
    Ok(ephemeral(
        id,
        "stripeSetupIntent",
        Value::map([
            ("stripeSetupIntentId", Value::String(intent.clone())),
            (
                "clientSecret",
                Value::String(format!("{intent}_secret_sandbox")),
            ),
        ]),
    ))
}

fn set_payment_method(ctx: &mut Ctx, user: usize, pm: String) {
    let (id, _) = new_ids(ctx, "pm");
    ctx.data.users[user].stripe.payment_method = Some((id, pm));
}

fn customer_create(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = ctx.user()?;
    let pm = ctx.body_string("stripePaymentMethodId")?;
    ctx.body_string("stripeCustomerEmail")?;
    if ctx.data.users[user].stripe.customer.is_none() {
        let ids = new_ids(ctx, "cus");
        ctx.data.users[user].stripe.customer = Some(ids);
    }
    if let Some(pm) = pm {
        set_payment_method(ctx, user, pm);
    }
    Ok(ctx.command_result(ResourceRef::new(&STRIPE_CUSTOMER, user)))
}

fn customer_of(ctx: &Ctx) -> Result<usize, ApiError> {
    let user = ctx.user()?;
    if ctx.data.users[user].stripe.customer.is_none() {
        return Err(ApiError::not_found("The user is not a Stripe customer"));
    }
    Ok(user)
}

fn add_payment_method(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = customer_of(ctx)?;
    let pm = ctx.required_body_string("stripePaymentMethodId")?;
    set_payment_method(ctx, user, pm);
    Ok(ctx.command_result(ResourceRef::new(&STRIPE_CUSTOMER, user)))
}

fn delete_payment_method(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let user = customer_of(ctx)?;
    ctx.data.users[user].stripe.payment_method = None;
    Ok(ctx.command_result(ResourceRef::new(&STRIPE_CUSTOMER, user)))
}
