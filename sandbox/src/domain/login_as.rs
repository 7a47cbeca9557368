//! Login as a user (the authorization code grant with PKCE): the minted codes and redeeming
//! them. In a real marketplace an operator
//! clicks "Log in as" in Console, which redirects to the marketplace with a one-time `code`;
//! the sandbox stands in for Console with `POST /_sandbox/login-as-code`, which mints a code
//! for a user, a `code_challenge` (S256 of the client's `code_verifier`) and a `redirect_uri`.
//! `POST /v1/auth/token` with `grant_type=authorization_code` then checks the code (one use),
//! the redirect URI and the verifier, and issues a user session. Codes are `login-as-<n>`,
//! n counting from 1 after a reset.

use sha2::{Digest, Sha256};

/// A minted, unused authorization code.
#[derive(Debug, Clone)]
pub struct LoginAsCode {
    /// The code itself.
    pub code: String,
    /// Index into the users of the user it logs in as.
    pub user: usize,
    /// Base64url (no padding) SHA-256 of the expected `code_verifier`.
    pub challenge: String,
    /// The redirect URI the token request must repeat.
    pub redirect_uri: String,
}

/// The S256 code challenge of `verifier`: base64url without padding of its SHA-256.
pub fn s256(verifier: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let digest = Sha256::digest(verifier.as_bytes());
    let mut out = String::new();
    for chunk in digest.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &b| (n << 8) | b as u32) << (8 * (3 - chunk.len()));
        for k in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
        }
    }
    out
}

/// Takes the code out of `codes` if `code`, `redirect_uri` and `verifier` all match it; the
/// user it was minted for. A code is used up even by a failed attempt with the right code.
pub fn redeem(
    codes: &mut Vec<LoginAsCode>,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> Option<usize> {
    let at = codes.iter().position(|c| c.code == code)?;
    let minted = codes.remove(at);
    (minted.redirect_uri == redirect_uri && minted.challenge == s256(verifier))
        .then_some(minted.user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_is_base64url_of_sha256() {
        // Computed independently with Python: urlsafe_b64encode(sha256(v)).rstrip("=").
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWJOEjXk"),
            "uTG6jQCqvU6KHuuJCX_H8KWvLz5CO4zwLqWkpG-BdRQ"
        );
    }

    #[test]
    fn a_code_works_once_with_its_verifier_and_redirect() {
        let mut codes = vec![LoginAsCode {
            code: "c".into(),
            user: 2,
            challenge: s256("v"),
            redirect_uri: "http://app/".into(),
        }];
        assert_eq!(
            redeem(&mut codes.clone(), "c", "http://app/", "wrong"),
            None
        );
        assert_eq!(redeem(&mut codes.clone(), "c", "http://other/", "v"), None);
        assert_eq!(redeem(&mut codes, "c", "http://app/", "v"), Some(2));
        assert!(codes.is_empty());
    }
}
