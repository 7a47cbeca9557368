//! `messages.send` and `messages.query`: messages between the parties of a transaction.

use sharetribe_sdk::core::value::Value;

use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::data::{kind, Message};
use crate::domain::transactions::is_party;
use crate::resources::transactions::MESSAGE;
use crate::resources::ResourceRef;
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new()
        .post("messages/send", send)
        .get("messages/query", query)
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
