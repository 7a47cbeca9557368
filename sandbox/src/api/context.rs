//! [`Ctx`]: one Marketplace API call in progress, with the locked data set and helpers for
//! the parameter checks and response shapes every endpoint shares.

use std::collections::HashMap;

use sharetribe_sdk::core::iso8601;
use sharetribe_sdk::core::value::Value;

use super::body::Body;
use crate::domain::data::Data;
use crate::domain::tokens::Principal;
use crate::params::{is_uuid, split_list, QueryParams};
use crate::resources::{IncludeTree, Primary, Renderer, ResourceRef};
use crate::responses::ApiError;

/// Largest accepted `perPage`, also the default.
pub const MAX_PER_PAGE: usize = 100;

/// One validated call: who makes it, its query parameters and body, and the data it may
/// read and change. Built by the endpoint adapter (`super::endpoint`) after authentication.
pub struct Ctx<'a> {
    /// The data set, locked for the duration of the call.
    pub data: &'a mut Data,
    /// `http://host:port` the client reached us at, for URLs in responses.
    pub base_url: String,
    /// The query string's parameters (queries and commands both have them).
    pub params: QueryParams,
    /// The request body (commands).
    pub body: Body,
    /// Who the access token belongs to.
    pub principal: Principal,
    /// Whether the call runs with a `trusted:user` token (privileged transitions). Browser
    /// tokens never are; the control API's trusted transitions set it.
    pub trusted: bool,
}

impl<'a> Ctx<'a> {
    /// A context for one call.
    pub fn new(
        data: &'a mut Data,
        base_url: String,
        params: QueryParams,
        body: Body,
        principal: Principal,
    ) -> Ctx<'a> {
        Ctx {
            data,
            base_url,
            params,
            body,
            principal,
            trusted: false,
        }
    }

    /// The logged-in user's index into `data.users`. Fails with 403 `forbidden` for an
    /// anonymous token.
    pub fn user(&self) -> Result<usize, ApiError> {
        match self.principal {
            Principal::User(user) => Ok(user),
            Principal::Anonymous => Err(ApiError::forbidden(
                "This endpoint needs a logged-in user; the access token is anonymous",
            )),
        }
    }

    /// A new id for a record of `kind` (see [`crate::domain::data::kind`]).
    pub fn new_id(&mut self, kind: u32) -> String {
        self.data.sequence.id(kind)
    }

    /// The sandbox clock's time, epoch milliseconds (advances one second per reading).
    pub fn now_ms(&mut self) -> i64 {
        self.data.sequence.now_ms()
    }

    // ---- query parameters ----

    /// The UUID query parameter `name`, lower-cased. Fails with 400 when it is missing or
    /// not a UUID.
    pub fn required_uuid(&self, name: &str) -> Result<String, ApiError> {
        let value = self
            .params
            .get(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::missing_param(name))?;
        uuid_value(name, value)
    }

    /// The UUID query parameter `name` if given. Fails with 400 when it is not a UUID.
    pub fn optional_uuid(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.params.get(name) {
            None | Some("") => Ok(None),
            Some(v) => uuid_value(name, v).map(Some),
        }
    }

    /// `page` and `perPage`, validated: page ≥ 1, 1 ≤ perPage ≤ [`MAX_PER_PAGE`] (the
    /// default). Fails with 400 `validation-invalid-params`.
    pub fn paging(&self) -> Result<(usize, usize), ApiError> {
        self.paging_up_to(MAX_PER_PAGE, MAX_PER_PAGE)
    }

    /// `page` and `perPage` for an endpoint with its own limits (`timeslots/query` allows 500,
    /// 100 by default). Fails with 400 `validation-invalid-params`.
    pub fn paging_up_to(
        &self,
        max_per_page: usize,
        default_per_page: usize,
    ) -> Result<(usize, usize), ApiError> {
        let number = |name: &str, default: usize| -> Result<usize, ApiError> {
            match self.params.get(name) {
                None => Ok(default),
                Some(v) => v.trim().parse::<i64>().map_or_else(
                    |_| {
                        Err(ApiError::invalid_params(format!(
                            "'{name}' must be an integer, got '{v}'"
                        )))
                    },
                    |n| Ok(n.max(0) as usize),
                ),
            }
        };
        let page = number("page", 1)?;
        let per_page = number("perPage", default_per_page)?;
        if page < 1 {
            return Err(ApiError::invalid_params("'page' must be at least 1"));
        }
        if !(1..=max_per_page).contains(&per_page) {
            return Err(ApiError::invalid_params(format!(
                "'perPage' must be between 1 and {max_per_page}"
            )));
        }
        Ok((page, per_page))
    }

    /// The caller's listing `id`. Fails with 403 for anonymous callers and 404 otherwise.
    pub fn own_listing(&self, id: &str) -> Result<usize, ApiError> {
        let user = self.user()?;
        self.data
            .listings
            .iter()
            .position(|l| l.id == id && l.author == user && !l.deleted)
            .ok_or_else(|| ApiError::not_found(format!("Listing {id} not found")))
    }

    /// Query parameters `start` and `end` (ISO 8601), checked to be in order.
    pub fn query_range(&self) -> Result<(i64, i64), ApiError> {
        let instant = |name: &str| -> Result<i64, ApiError> {
            let text = self
                .params
                .get(name)
                .ok_or_else(|| ApiError::missing_param(name))?;
            iso8601::parse(text)
                .ok_or_else(|| ApiError::invalid_value(name, "must be an ISO 8601 time"))
        };
        let (start, end) = (instant("start")?, instant("end")?);
        if end <= start {
            return Err(ApiError::invalid_value("end", "must be after start"));
        }
        Ok((start, end))
    }

    // ---- body parameters ----

    /// Body parameter `name`, if present (and not null).
    pub fn body_param(&self, name: &str) -> Option<&Value> {
        self.body.value.get(name).filter(|v| **v != Value::Null)
    }

    /// Body parameter `name`. Fails with 400 `validation-missing-key` when absent.
    pub fn required_body(&self, name: &str) -> Result<&Value, ApiError> {
        self.body_param(name)
            .ok_or_else(|| ApiError::missing_body_param(name))
    }

    /// String body parameter `name`. Fails with 400 when absent or not a string.
    pub fn required_body_string(&self, name: &str) -> Result<String, ApiError> {
        match self.required_body(name)? {
            Value::String(s) => Ok(s.clone()),
            _ => Err(ApiError::invalid_body_value(name, "must be a string")),
        }
    }

    /// UUID body parameter `name` (a Transit UUID or its string). Fails with 400 when absent
    /// or not a UUID.
    pub fn required_body_uuid(&self, name: &str) -> Result<String, ApiError> {
        match self.required_body(name)? {
            Value::Uuid(id) => Ok(id.to_ascii_lowercase()),
            Value::String(s) if is_uuid(s) => Ok(s.to_ascii_lowercase()),
            _ => Err(ApiError::invalid_body_value(name, "must be a UUID")),
        }
    }

    // ---- responses ----

    /// A renderer for this call's `fields.*`.
    pub fn renderer(&self) -> Renderer<'_> {
        let mut renderer = Renderer::new(
            self.data,
            self.base_url.clone(),
            sparse_fields(&self.params),
        );
        renderer.image_variants = custom_image_variants(&self.params);
        renderer
    }

    /// The `include` parameter as a tree.
    pub fn include(&self) -> IncludeTree {
        IncludeTree::parse(&self.params.list("include"))
    }

    /// The document for one resource, with `include`d ones (queries: `*.show`).
    pub fn show(&self, r: ResourceRef) -> Value {
        self.renderer()
            .document(&Primary::One(r), &self.include(), Value::Map(Vec::new()))
    }

    /// The document for a command's result: the whole resource with `expand=true`, else only
    /// `{id, type}` like the real API.
    pub fn command_result(&self, r: ResourceRef) -> Value {
        if self.params.get("expand") == Some("true") {
            return self.show(r);
        }
        let renderer = self.renderer();
        let full = renderer.document(
            &Primary::One(r),
            &IncludeTree::default(),
            Value::Map(Vec::new()),
        );
        let data = full.get("data").cloned().unwrap_or(Value::Null);
        let identifier = Value::map([
            ("id", data.get("id").cloned().unwrap_or(Value::Null)),
            ("type", data.get("type").cloned().unwrap_or(Value::Null)),
        ]);
        Value::map([
            ("data", identifier),
            ("meta", Value::Map(Vec::new())),
            ("included", Value::Array(Vec::new())),
        ])
    }

    /// One page of `all` (already filtered and sorted) as a query document with the
    /// pagination `meta` (`totalItems`, `totalPages`, `page`, `perPage`). Fails like
    /// [`Ctx::paging`].
    pub fn page(&self, all: Vec<ResourceRef>) -> Result<Value, ApiError> {
        let (page, per_page) = self.paging()?;
        let total = all.len();
        let items: Vec<ResourceRef> = all
            .into_iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .collect();
        let meta = page_meta(total, page, per_page);
        Ok(self
            .renderer()
            .document(&Primary::Many(items), &self.include(), meta))
    }
}

/// The pagination `meta` of a query: `totalItems`, `totalPages`, `page`, `perPage`.
pub fn page_meta(total: usize, page: usize, per_page: usize) -> Value {
    Value::map([
        ("totalItems", Value::Int(total as i64)),
        ("totalPages", Value::Int(total.div_ceil(per_page) as i64)),
        ("page", Value::Int(page as i64)),
        ("perPage", Value::Int(per_page as i64)),
    ])
}

/// Validates a UUID parameter value, returning it lower-cased. Fails with 400
/// `validation-invalid-value`.
pub fn uuid_value(name: &str, value: &str) -> Result<String, ApiError> {
    if is_uuid(value.trim()) {
        Ok(value.trim().to_ascii_lowercase())
    } else {
        Err(ApiError::invalid_value(
            name,
            &format!("'{value}' is not a UUID"),
        ))
    }
}

/// The `imageVariant.<name>=w:<px>;h:<px>;fit:<crop|scale>` parameters as name, width,
/// height. The image is drawn at exactly the asked size for both fits. A malformed one (a
/// side missing, not a number, 0 or over [`crate::domain::data::MAX_IMAGE_SIDE`], an unknown fit) is
/// checked by [`check_image_variants`] before any handler runs.
fn custom_image_variants(params: &QueryParams) -> Vec<(String, u32, u32)> {
    params
        .with_prefix("imageVariant.")
        .filter_map(|(name, spec)| {
            parse_image_variant(spec)
                .ok()
                .map(|(w, h)| (name.to_owned(), w, h))
        })
        .collect()
}

/// Parses `w:640;h:480;fit:crop`. Fails with what is wrong.
pub fn parse_image_variant(spec: &str) -> Result<(u32, u32), String> {
    let (mut width, mut height, mut fit) = (None, None, None);
    for pair in spec.split(';').filter(|p| !p.trim().is_empty()) {
        let (key, value) = pair
            .split_once(':')
            .ok_or_else(|| format!("'{pair}' is not key:value"))?;
        let side = || {
            value
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=crate::domain::data::MAX_IMAGE_SIDE).contains(n))
                .ok_or_else(|| {
                    format!(
                        "{key} must be a whole number of pixels from 1 to {}",
                        crate::domain::data::MAX_IMAGE_SIDE
                    )
                })
        };
        match key.trim() {
            "w" => width = Some(side()?),
            "h" => height = Some(side()?),
            "fit" => fit = Some(value.trim().to_owned()),
            other => return Err(format!("unknown key '{other}' (w, h, fit)")),
        }
    }
    if let Some(fit) = fit.filter(|f| f != "crop" && f != "scale") {
        return Err(format!("fit must be crop or scale, not '{fit}'"));
    }
    match (width, height) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err("both w and h are needed".to_owned()),
    }
}

/// Fails with 400 `validation-invalid-value` naming the first malformed `imageVariant.*`.
pub fn check_image_variants(params: &QueryParams) -> Result<(), ApiError> {
    for (name, spec) in params.with_prefix("imageVariant.") {
        parse_image_variant(spec)
            .map_err(|why| ApiError::invalid_value(&format!("imageVariant.{name}"), &why))?;
    }
    Ok(())
}

fn sparse_fields(params: &QueryParams) -> HashMap<String, Vec<String>> {
    params
        .with_prefix("fields.")
        .map(|(kind, list)| (kind.to_owned(), split_list(list)))
        .collect()
}
