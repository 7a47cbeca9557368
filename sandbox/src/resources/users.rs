//! The `user` and `currentUser` resources.

use sharetribe_sdk::core::value::Value;

use super::images::IMAGE;
use super::marketplace::marketplace;
use super::{empty_map, string, Kind, Related, Renderer, ResourceRef};
use crate::domain::data::{fixed_uuid, kind, Data};

/// A user as others see them (type `user`).
pub static USER: Kind = Kind {
    type_name: "user",
    id: user_id,
    attributes: user_attributes,
    relation: user_relation,
};

/// The caller's own user (type `currentUser`), with private attributes.
pub static CURRENT_USER: Kind = Kind {
    type_name: "currentUser",
    id: user_id,
    attributes: current_user_attributes,
    relation: current_user_relation,
};

fn current_user_relation(data: &Data, i: usize, name: &str) -> Option<Related> {
    match name {
        "stripeAccount" => {
            Some(Related::One(data.users[i].stripe.account.as_ref().map(
                |_| ResourceRef::new(&super::stripe::STRIPE_ACCOUNT, i),
            )))
        }
        "stripeCustomer" => {
            Some(Related::One(data.users[i].stripe.customer.as_ref().map(
                |_| ResourceRef::new(&super::stripe::STRIPE_CUSTOMER, i),
            )))
        }
        "effectivePermissionSet" => Some(Related::One(Some(ResourceRef::new(&PERMISSION_SET, i)))),
        _ => user_relation(data, i, name),
    }
}

/// `permissionSet`: what user `i` may do, the user's and the marketplace's settings combined
/// (the `effectivePermissionSet` of `currentUser`). The sandbox has no per-user or
/// marketplace restrictions, so every permission is `permission/allow`.
pub static PERMISSION_SET: Kind = Kind {
    type_name: "permissionSet",
    id: |_, i| fixed_uuid(kind::USER | 0x0100_0000, i as u64 + 1),
    attributes: |_, _| permissions(),
    relation: |_, _, _| None,
};

fn permissions() -> Value {
    let allow = || Value::Keyword("permission/allow".to_owned());
    Value::map([
        ("postListings", allow()),
        ("initiateTransactions", allow()),
        ("read", allow()),
    ])
}

fn user_id(data: &Data, i: usize) -> String {
    data.users[i].id.clone()
}

fn user_relation(data: &Data, i: usize, name: &str) -> Option<Related> {
    match name {
        "marketplace" => Some(Related::One(Some(marketplace()))),
        "profileImage" => Some(Related::One(
            data.users[i]
                .profile_image
                .map(|img| ResourceRef::new(&IMAGE, img)),
        )),
        _ => None,
    }
}

fn user_profile(r: &Renderer, i: usize, private: bool) -> Value {
    let user = &r.data.users[i];
    let mut profile = Vec::new();
    if private {
        profile.push(("firstName", string(&user.first_name)));
        profile.push(("lastName", string(&user.last_name)));
    }
    profile.push(("displayName", Value::String(user.display_name())));
    profile.push(("abbreviatedName", Value::String(user.abbreviated_name())));
    profile.push(("bio", string(&user.bio)));
    profile.push(("publicData", user.public_data.clone()));
    if private {
        profile.push(("protectedData", user.protected_data.clone()));
        profile.push(("privateData", user.private_data.clone()));
    }
    profile.push(("metadata", empty_map()));
    Value::map(profile)
}

fn user_attributes(r: &Renderer, i: usize) -> Value {
    let user = &r.data.users[i];
    if user.deleted {
        // A deleted user shows only the flag.
        return Value::map([
            ("banned", Value::Bool(false)),
            ("deleted", Value::Bool(true)),
        ]);
    }
    Value::map([
        ("banned", Value::Bool(false)),
        ("deleted", Value::Bool(false)),
        ("createdAt", Value::Instant(r.data.users[i].created_at)),
        ("profile", user_profile(r, i, false)),
    ])
}

fn current_user_attributes(r: &Renderer, i: usize) -> Value {
    let user = &r.data.users[i];
    Value::map([
        ("banned", Value::Bool(false)),
        ("deleted", Value::Bool(user.deleted)),
        ("createdAt", Value::Instant(user.created_at)),
        ("email", string(&user.email)),
        ("emailVerified", Value::Bool(user.email_verified)),
        (
            "pendingEmail",
            user.pending_email.as_deref().map_or(Value::Null, string),
        ),
        (
            "stripeConnected",
            Value::Bool(user.stripe.account.is_some()),
        ),
        ("stripePayoutsEnabled", Value::Bool(false)),
        ("stripeChargesEnabled", Value::Bool(false)),
        ("identityProviders", Value::Array(Vec::new())),
        ("state", string("active")),
        ("permissions", permissions()),
        ("profile", user_profile(r, i, true)),
    ])
}

/// A reference to user `i` as the caller's own (`currentUser`).
pub fn current_user(i: usize) -> ResourceRef {
    ResourceRef::new(&CURRENT_USER, i)
}
