//! `messages.send` and `messages.query`: messages between the parties of a transaction, and
//! the `message` resource.

use sharetribe_sdk::core::value::Value;

use super::transactions::{is_party, TRANSACTION};
use super::users::USER;
use super::{Ctx, Route};
use crate::domain::data::{kind, Data, Message};
use crate::resources::{string, Kind, Related, Renderer, ResourceRef};
use crate::responses::ApiError;

/// The endpoints of this family.
pub const ROUTES: &[Route] = &[
    Route::post("messages/send", send),
    Route::get("messages/query", query),
];

/// A message (type `message`).
pub static MESSAGE: Kind = Kind {
    type_name: "message",
    id: |data: &Data, i| data.messages[i].id.clone(),
    attributes,
    relation: |data, i, name| {
        let message = &data.messages[i];
        match name {
            "sender" => Some(Related::One(Some(ResourceRef::new(&USER, message.sender)))),
            "transaction" => Some(Related::One(Some(ResourceRef::new(
                &TRANSACTION,
                message.transaction,
            )))),
            _ => None,
        }
    },
};

fn attributes(r: &Renderer, i: usize) -> Value {
    let message = &r.data.messages[i];
    Value::map([
        ("content", string(&message.content)),
        ("createdAt", Value::Instant(message.created_at)),
        ("deleted", Value::Bool(false)),
    ])
}

/// The transaction `id` the caller is a party of. Fails with 404 otherwise.
fn party_transaction(ctx: &Ctx, id: &str) -> Result<usize, ApiError> {
    ctx.user()?;
    (0..ctx.data.transactions.len())
        .find(|&i| ctx.data.transactions[i].id == id && is_party(ctx.data, i, ctx.principal))
        .ok_or_else(|| ApiError::not_found(format!("Transaction {id} not found")))
}

fn send(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let sender = ctx.user()?;
    let transaction_id = ctx.required_body_uuid("transactionId")?;
    let content = ctx.required_body_string("content")?;
    if content.trim().is_empty() {
        return Err(ApiError::invalid_body_value("content", "must not be empty"));
    }
    let transaction = party_transaction(ctx, &transaction_id)?;
    let id = ctx.new_id(kind::MESSAGE);
    let created_at = ctx.now_ms();
    ctx.data.messages.push(Message {
        id,
        transaction,
        sender,
        content,
        created_at,
    });
    let i = ctx.data.messages.len() - 1;
    Ok(ctx.command_result(ResourceRef::new(&MESSAGE, i)))
}

fn query(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let transaction_id = ctx.required_uuid("transactionId")?;
    let transaction = party_transaction(ctx, &transaction_id)?;
    // Newest first.
    let found = (0..ctx.data.messages.len())
        .rev()
        .filter(|&m| ctx.data.messages[m].transaction == transaction)
        .map(|m| ResourceRef::new(&MESSAGE, m))
        .collect();
    ctx.page(found)
}
