//! Rendering seed records as API resources (`{id, type, attributes, relationships}`) and
//! assembling response documents with `include`d resources and sparse `fields.*`.

use std::collections::{BTreeMap, HashMap};

use sharetribe_sdk::core::value::Value;

use crate::seed::{Seed, IMAGE_VARIANTS};

/// A reference to one resource in the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceRef {
    /// The marketplace.
    Marketplace,
    /// A user as others see them (type `user`).
    User(usize),
    /// The caller's own user (type `currentUser`), with private attributes.
    CurrentUser(usize),
    /// A listing (type `listing`).
    Listing(usize),
    /// An image (type `image`).
    Image(usize),
}

/// The relationship paths asked for with `include`, as a tree: `author.profileImage` becomes
/// `author → profileImage`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncludeTree(BTreeMap<String, IncludeTree>);

impl IncludeTree {
    /// Builds the tree from dotted paths such as `author`, `author.profileImage`.
    pub fn parse(paths: &[String]) -> IncludeTree {
        let mut root = IncludeTree::default();
        for path in paths {
            let mut node = &mut root;
            for step in path.split('.').filter(|s| !s.is_empty()) {
                node = node.0.entry(step.to_owned()).or_default();
            }
        }
        root
    }

    fn merge(&mut self, other: &IncludeTree) {
        for (name, sub) in &other.0 {
            self.0.entry(name.clone()).or_default().merge(sub);
        }
    }
}

/// What a relationship points at.
enum Related {
    One(Option<ResourceRef>),
    Many(Vec<ResourceRef>),
}

impl Related {
    fn targets(&self) -> Vec<ResourceRef> {
        match self {
            Related::One(r) => r.iter().copied().collect(),
            Related::Many(rs) => rs.clone(),
        }
    }
}

/// The primary data of a response.
#[derive(Debug, Clone)]
pub enum Primary {
    /// `data` is one resource.
    One(ResourceRef),
    /// `data` is an array.
    Many(Vec<ResourceRef>),
}

/// Renders resources of one request.
pub struct Renderer<'a> {
    seed: &'a Seed,
    /// `http://host:port` the client reached us at, for image URLs.
    base_url: String,
    /// Sparse fieldsets by resource type: `fields.listing=title,price`.
    fields: HashMap<String, Vec<String>>,
}

fn string(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn empty_map() -> Value {
    Value::Map(Vec::new())
}

impl<'a> Renderer<'a> {
    /// A renderer building image URLs under `base_url` and applying sparse `fields`
    /// (resource type → attribute paths).
    pub fn new(seed: &'a Seed, base_url: String, fields: HashMap<String, Vec<String>>) -> Self {
        Renderer {
            seed,
            base_url,
            fields,
        }
    }

    fn type_name(r: ResourceRef) -> &'static str {
        match r {
            ResourceRef::Marketplace => "marketplace",
            ResourceRef::User(_) => "user",
            ResourceRef::CurrentUser(_) => "currentUser",
            ResourceRef::Listing(_) => "listing",
            ResourceRef::Image(_) => "image",
        }
    }

    fn id(&self, r: ResourceRef) -> String {
        match r {
            ResourceRef::Marketplace => self.seed.marketplace.id.clone(),
            ResourceRef::User(i) | ResourceRef::CurrentUser(i) => self.seed.users[i].id.clone(),
            ResourceRef::Listing(i) => self.seed.listings[i].id.clone(),
            ResourceRef::Image(i) => self.seed.images[i].id.clone(),
        }
    }

    fn relation(&self, r: ResourceRef, name: &str) -> Option<Related> {
        match (r, name) {
            (ResourceRef::User(_) | ResourceRef::CurrentUser(_), "marketplace")
            | (ResourceRef::Listing(_), "marketplace") => {
                Some(Related::One(Some(ResourceRef::Marketplace)))
            }
            (ResourceRef::User(i) | ResourceRef::CurrentUser(i), "profileImage") => Some(
                Related::One(self.seed.users[i].profile_image.map(ResourceRef::Image)),
            ),
            (ResourceRef::Listing(i), "author") => Some(Related::One(Some(ResourceRef::User(
                self.seed.listings[i].author,
            )))),
            (ResourceRef::Listing(i), "images") => Some(Related::Many(
                self.seed.listings[i]
                    .images
                    .iter()
                    .map(|&img| ResourceRef::Image(img))
                    .collect(),
            )),
            _ => None,
        }
    }

    fn user_profile(&self, i: usize, private: bool) -> Value {
        let user = &self.seed.users[i];
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

    fn attributes(&self, r: ResourceRef) -> Value {
        match r {
            ResourceRef::Marketplace => Value::map([
                ("name", string(&self.seed.marketplace.name)),
                ("description", string(&self.seed.marketplace.description)),
            ]),
            ResourceRef::User(i) => Value::map([
                ("banned", Value::Bool(false)),
                ("deleted", Value::Bool(false)),
                ("createdAt", Value::Instant(self.seed.users[i].created_at)),
                ("profile", self.user_profile(i, false)),
            ]),
            ResourceRef::CurrentUser(i) => {
                let user = &self.seed.users[i];
                let allow = || Value::Keyword("permission/allow".to_owned());
                Value::map([
                    ("banned", Value::Bool(false)),
                    ("deleted", Value::Bool(false)),
                    ("createdAt", Value::Instant(user.created_at)),
                    ("email", string(&user.email)),
                    ("emailVerified", Value::Bool(user.email_verified)),
                    ("pendingEmail", Value::Null),
                    ("stripeConnected", Value::Bool(false)),
                    ("stripePayoutsEnabled", Value::Bool(false)),
                    ("stripeChargesEnabled", Value::Bool(false)),
                    ("identityProviders", Value::Array(Vec::new())),
                    ("state", string("active")),
                    (
                        "permissions",
                        Value::map([
                            ("postListings", allow()),
                            ("initiateTransactions", allow()),
                            ("read", allow()),
                        ]),
                    ),
                    ("profile", self.user_profile(i, true)),
                ])
            }
            ResourceRef::Listing(i) => {
                let listing = &self.seed.listings[i];
                Value::map([
                    ("title", string(&listing.title)),
                    ("description", string(&listing.description)),
                    (
                        "geolocation",
                        Value::LatLng {
                            lat: listing.lat,
                            lng: listing.lng,
                        },
                    ),
                    (
                        "price",
                        Value::Money {
                            amount: listing.price_amount,
                            currency: listing.currency.to_owned(),
                        },
                    ),
                    ("availabilityPlan", Value::Null),
                    ("publicData", listing.public_data.clone()),
                    ("metadata", empty_map()),
                    ("state", string(listing.state.as_str())),
                    ("deleted", Value::Bool(false)),
                    ("createdAt", Value::Instant(listing.created_at)),
                ])
            }
            ResourceRef::Image(i) => {
                let id = &self.seed.images[i].id;
                let variants = IMAGE_VARIANTS.iter().map(|&(name, width, height)| {
                    let url = format!("{}/images/{id}/{name}.svg", self.base_url);
                    (
                        name.to_owned(),
                        Value::map([
                            ("name", string(name)),
                            ("width", Value::Int(width.into())),
                            ("height", Value::Int(height.into())),
                            ("url", Value::String(url)),
                        ]),
                    )
                });
                Value::map([("variants", Value::Map(variants.collect()))])
            }
        }
    }

    fn identifier(&self, r: ResourceRef) -> Value {
        Value::map([
            ("id", Value::Uuid(self.id(r))),
            ("type", Value::Keyword(Self::type_name(r).to_owned())),
        ])
    }

    /// One resource with the relationships named at the top of `tree`.
    fn resource(&self, r: ResourceRef, tree: &IncludeTree) -> Value {
        let mut attributes = self.attributes(r);
        if let Some(paths) = self.fields.get(Self::type_name(r)) {
            attributes = sparse(&attributes, paths);
        }
        let relationships: Vec<(String, Value)> = tree
            .0
            .keys()
            .filter_map(|name| {
                let data = match self.relation(r, name)? {
                    Related::One(target) => {
                        target.map(|t| self.identifier(t)).unwrap_or(Value::Null)
                    }
                    Related::Many(targets) => {
                        Value::Array(targets.into_iter().map(|t| self.identifier(t)).collect())
                    }
                };
                Some((name.clone(), Value::map([("data", data)])))
            })
            .collect();
        Value::map([
            ("id", Value::Uuid(self.id(r))),
            ("type", Value::Keyword(Self::type_name(r).to_owned())),
            ("attributes", attributes),
            ("relationships", Value::Map(relationships)),
        ])
    }

    /// The response document `{data, meta, included}`. Each included resource appears once,
    /// and none that is already in `data`.
    pub fn document(&self, primary: &Primary, tree: &IncludeTree, meta: Value) -> Value {
        let roots = match primary {
            Primary::One(r) => vec![*r],
            Primary::Many(rs) => rs.clone(),
        };
        let mut order: Vec<ResourceRef> = Vec::new();
        let mut trees: HashMap<ResourceRef, IncludeTree> = HashMap::new();
        for root in &roots {
            self.collect(*root, tree, &roots, &mut order, &mut trees);
        }
        let data = match primary {
            Primary::One(r) => self.resource(*r, tree),
            Primary::Many(rs) => Value::Array(rs.iter().map(|r| self.resource(*r, tree)).collect()),
        };
        let included = order.iter().map(|r| self.resource(*r, &trees[r])).collect();
        Value::map([
            ("data", data),
            ("meta", meta),
            ("included", Value::Array(included)),
        ])
    }

    fn collect(
        &self,
        from: ResourceRef,
        tree: &IncludeTree,
        roots: &[ResourceRef],
        order: &mut Vec<ResourceRef>,
        trees: &mut HashMap<ResourceRef, IncludeTree>,
    ) {
        for (name, sub) in &tree.0 {
            let Some(related) = self.relation(from, name) else {
                continue;
            };
            for target in related.targets() {
                if roots.contains(&target) {
                    continue;
                }
                trees
                    .entry(target)
                    .or_insert_with(|| {
                        order.push(target);
                        IncludeTree::default()
                    })
                    .merge(sub);
                self.collect(target, sub, roots, order, trees);
            }
        }
    }
}

/// Keeps only the attributes named by `paths`; `publicData.category` keeps `publicData` with
/// just its `category` key, while a bare `publicData` keeps all of it.
fn sparse(attributes: &Value, paths: &[String]) -> Value {
    let Value::Map(entries) = attributes else {
        return attributes.clone();
    };
    let kept = entries.iter().filter_map(|(key, value)| {
        let mut subpaths = Vec::new();
        let mut whole = false;
        for path in paths {
            match path.split_once('.') {
                None if path == key => whole = true,
                Some((head, rest)) if head == key => subpaths.push(rest.to_owned()),
                _ => {}
            }
        }
        if whole {
            Some((key.clone(), value.clone()))
        } else if !subpaths.is_empty() {
            Some((key.clone(), sparse(value, &subpaths)))
        } else {
            None
        }
    });
    Value::Map(kept.collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed;

    #[test]
    fn include_tree_and_dedup() {
        let seed = seed::build();
        let renderer = Renderer::new(&seed, "http://h".to_owned(), HashMap::new());
        let tree = IncludeTree::parse(&["author".to_owned(), "author.profileImage".to_owned()]);
        // Listings 0 and 3 share author 0 (alice).
        let doc = renderer.document(
            &Primary::Many(vec![ResourceRef::Listing(0), ResourceRef::Listing(3)]),
            &tree,
            empty_map(),
        );
        let Some(Value::Array(included)) = doc.get("included") else {
            panic!("no included")
        };
        assert_eq!(included.len(), 2, "one user and one profile image");
        let user = &included[0];
        assert_eq!(user.get("type"), Some(&Value::Keyword("user".to_owned())));
        assert!(user
            .get("relationships")
            .unwrap()
            .get("profileImage")
            .is_some());
    }

    #[test]
    fn sparse_fields_keep_named_paths() {
        let attrs = Value::map([
            ("title", Value::from("t")),
            ("price", Value::Int(1)),
            (
                "publicData",
                Value::map([("category", Value::from("c")), ("city", Value::from("x"))]),
            ),
        ]);
        let kept = sparse(
            &attrs,
            &["title".to_owned(), "publicData.category".to_owned()],
        );
        assert_eq!(
            kept,
            Value::map([
                ("title", Value::from("t")),
                ("publicData", Value::map([("category", Value::from("c"))])),
            ])
        );
    }
}
