//! Rendering records as API resources (`{id, type, attributes, relationships}`) and
//! assembling response documents with `include`d resources and sparse `fields.*`.

use std::collections::{BTreeMap, HashMap};

use sharetribe_sdk::core::value::Value;

use crate::domain::data::Data;

/// How one resource type is rendered: its `type`, its id, its attributes and its
/// relationships. Each API family declares the kinds it serves as `static`s next to its
/// handlers (e.g. `api::listings::LISTING`), so adding a type touches no central list.
pub struct Kind {
    /// The resource `type`, e.g. `listing`, `ownListing`, `transaction`.
    pub type_name: &'static str,
    /// The id of record `index`.
    pub id: fn(&Data, usize) -> String,
    /// The attributes of record `index`, before sparse fields are applied.
    pub attributes: fn(&Renderer, usize) -> Value,
    /// What relationship `name` of record `index` points at; `None` for an unknown name,
    /// which `include` then ignores like the real API does.
    pub relation: fn(&Data, usize, &str) -> Option<Related>,
}

impl std::fmt::Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.type_name)
    }
}

/// A reference to one record rendered as one resource type. The same record can be rendered
/// as different kinds (a user as `user` or `currentUser`, a listing as `listing` or
/// `ownListing`).
#[derive(Debug, Clone, Copy)]
pub struct ResourceRef {
    /// How to render it.
    pub kind: &'static Kind,
    /// Index of the record in its `Vec` in [`Data`].
    pub index: usize,
}

impl ResourceRef {
    /// Record `index` rendered as `kind`.
    pub fn new(kind: &'static Kind, index: usize) -> ResourceRef {
        ResourceRef { kind, index }
    }
}

impl PartialEq for ResourceRef {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.kind, other.kind) && self.index == other.index
    }
}

impl Eq for ResourceRef {}

impl std::hash::Hash for ResourceRef {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.kind as *const Kind).hash(state);
        self.index.hash(state);
    }
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
pub enum Related {
    /// A to-one relationship, possibly empty (`data: null`).
    One(Option<ResourceRef>),
    /// A to-many relationship.
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
    /// The records being rendered.
    pub data: &'a Data,
    /// `http://host:port` the client reached us at, for image URLs.
    pub base_url: String,
    /// Sparse fieldsets by resource type: `fields.listing=title,price`.
    fields: HashMap<String, Vec<String>>,
    /// Custom image variants asked for with `imageVariant.<name>=w:…;h:…;fit:…`: name,
    /// width, height. Images get them besides the standard ones.
    pub image_variants: Vec<(String, u32, u32)>,
}

/// A string value.
pub fn string(s: &str) -> Value {
    Value::String(s.to_owned())
}

/// An empty map value, e.g. for empty `metadata`.
pub fn empty_map() -> Value {
    Value::Map(Vec::new())
}

impl<'a> Renderer<'a> {
    /// A renderer building image URLs under `base_url` and applying sparse `fields`
    /// (resource type → attribute paths).
    pub fn new(data: &'a Data, base_url: String, fields: HashMap<String, Vec<String>>) -> Self {
        Renderer {
            data,
            base_url,
            image_variants: Vec::new(),
            fields,
        }
    }

    fn identifier(&self, r: ResourceRef) -> Value {
        Value::map([
            ("id", Value::Uuid((r.kind.id)(self.data, r.index))),
            ("type", Value::Keyword(r.kind.type_name.to_owned())),
        ])
    }

    /// One resource with the relationships named at the top of `tree`.
    fn resource(&self, r: ResourceRef, tree: &IncludeTree) -> Value {
        let mut attributes = (r.kind.attributes)(self, r.index);
        if let Some(paths) = self.fields.get(r.kind.type_name) {
            attributes = sparse(&attributes, paths);
        }
        let relationships: Vec<(String, Value)> = tree
            .0
            .keys()
            .filter_map(|name| {
                let data = match (r.kind.relation)(self.data, r.index, name)? {
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
            ("id", Value::Uuid((r.kind.id)(self.data, r.index))),
            ("type", Value::Keyword(r.kind.type_name.to_owned())),
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
            let Some(related) = (from.kind.relation)(self.data, from.index, name) else {
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
    use crate::domain::seed;
    use crate::resources::listings::LISTING;

    #[test]
    fn include_tree_and_dedup() {
        let data = seed::build();
        let renderer = Renderer::new(&data, "http://h".to_owned(), HashMap::new());
        let tree = IncludeTree::parse(&["author".to_owned(), "author.profileImage".to_owned()]);
        // Listings 0 and 3 share author 0 (alice).
        let doc = renderer.document(
            &Primary::Many(vec![
                ResourceRef::new(&LISTING, 0),
                ResourceRef::new(&LISTING, 3),
            ]),
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
