//! The sandbox's optional rate limit: at most N Marketplace API requests per second (a fixed
//! one-second window), the rest answered 429 `too-many-requests` like the real API under load.
//! Off by default; set with `--rate-limit N` or `POST /_sandbox/rate-limit {"perSecond": N}`
//! (`null` turns it off). Lets apps and tests see how they handle 429.

use std::time::{Duration, Instant};

/// A fixed-window counter.
#[derive(Debug, Clone)]
pub struct RateLimit {
    per_second: u32,
    window_start: Instant,
    used: u32,
}

impl RateLimit {
    /// A limit of `per_second` requests per second.
    pub fn new(per_second: u32) -> RateLimit {
        RateLimit {
            per_second,
            window_start: Instant::now(),
            used: 0,
        }
    }

    /// Counts one request at `now`; false when it is over the limit.
    pub fn admit(&mut self, now: Instant) -> bool {
        if now.duration_since(self.window_start) >= Duration::from_secs(1) {
            self.window_start = now;
            self.used = 0;
        }
        if self.used >= self.per_second {
            return false;
        }
        self.used += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admits_up_to_the_limit_per_window() {
        let mut limit = RateLimit::new(2);
        let start = Instant::now();
        assert!(limit.admit(start));
        assert!(limit.admit(start));
        assert!(!limit.admit(start + Duration::from_millis(500)));
        assert!(limit.admit(start + Duration::from_millis(1000)));
    }
}
