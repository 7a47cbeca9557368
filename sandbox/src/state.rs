//! The state one running sandbox shares between requests: its options and everything that
//! changes (the data set, tokens, the request log, pending faults).

use std::sync::{Arc, Mutex, MutexGuard};

use crate::domain::data::Data;
use crate::domain::seed;
use crate::domain::tokens::TokenStore;
use crate::faults::Fault;
use crate::options::Options;
use crate::request_log::RequestLog;

/// Everything that `POST /_sandbox/reset` puts back to its starting value.
#[derive(Debug)]
pub struct Mutable {
    /// The records the Marketplace API serves and changes, seeded at start and reset.
    pub data: Data,
    /// Issued tokens.
    pub tokens: TokenStore,
    /// Requests received on `/v1/...`, oldest first.
    pub log: RequestLog,
    /// The fault rule armed by `POST /_sandbox/faults`, if any.
    pub fault: Option<Fault>,
    /// Login-as codes minted and not yet used.
    pub login_as_codes: Vec<crate::domain::login_as::LoginAsCode>,
    /// Login-as codes minted since the reset, numbering the next one.
    pub login_as_minted: u32,
    /// The rate limit on Marketplace API requests, if one is on.
    pub rate_limit: Option<crate::rate_limit::RateLimit>,
}

/// One sandbox instance.
#[derive(Debug)]
pub struct Sandbox {
    /// How the sandbox was started.
    pub options: Options,
    mutable: Mutex<Mutable>,
}

/// Shared handle given to every handler.
pub type SharedSandbox = Arc<Sandbox>;

impl Sandbox {
    /// A sandbox in its seed state.
    pub fn new(options: Options) -> SharedSandbox {
        let mutable = Mutex::new(Self::fresh(&options));
        Arc::new(Sandbox { options, mutable })
    }

    fn fresh(options: &Options) -> Mutable {
        Mutable {
            data: seed::build(),
            tokens: TokenStore::new(
                options.access_token_ttl,
                options.rotate_refresh_tokens,
                options.refresh_grace,
            ),
            log: RequestLog::default(),
            fault: None,
            login_as_codes: Vec::new(),
            login_as_minted: 0,
            rate_limit: options.rate_limit.map(crate::rate_limit::RateLimit::new),
        }
    }

    /// Locks the mutable state. A panic while it was held cannot leave it half-updated in a
    /// way that matters for a test server, so a poisoned lock is simply taken over.
    pub fn lock(&self) -> MutexGuard<'_, Mutable> {
        self.mutable.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Puts the data set back to the seed and forgets every token, log entry and fault.
    pub fn reset(&self) {
        *self.lock() = Self::fresh(&self.options);
    }

    /// A fresh random UUID, e.g. for an error id.
    pub fn random_uuid(&self) -> String {
        crate::random::uuid()
    }
}
