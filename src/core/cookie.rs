//! The cookie that holds the token, written and read exactly like the official SDK's browser
//! cookie store (js-cookie 3): same name, same value encoding, same attributes.

/// The cookie name for a client ID: `st-<clientId>-token`.
pub fn cookie_name(client_id: &str) -> String {
    format!("st-{client_id}-token")
}
