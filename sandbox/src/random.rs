//! A small non-cryptographic random generator for opaque tokens and error ids.
//!
//! Tokens only need to be unguessable enough for a local test server, so a xorshift generator
//! seeded from the clock avoids pulling in a crypto crate.

use std::time::{SystemTime, UNIX_EPOCH};

/// xorshift64* state.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded from the current time and the address of a stack value, so two
    /// sandboxes started in the same nanosecond still differ.
    pub fn from_entropy() -> Rng {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9e37_79b9_7f4a_7c15);
        let marker = 0u8;
        let address = &marker as *const u8 as u64;
        Rng((nanos ^ address.rotate_left(32)) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A 40-character lowercase hex string, used as an opaque token.
    pub fn token(&mut self) -> String {
        let (a, b, c) = (self.next_u64(), self.next_u64(), self.next_u64());
        format!("{a:016x}{b:016x}{:08x}", c as u32)
    }

    /// A random version-4 UUID in its canonical text form.
    pub fn uuid(&mut self) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_and_uuids_are_well_formed() {
        let mut rng = Rng::from_entropy();
        let (t1, t2) = (rng.token(), rng.token());
        assert_ne!(t1, t2);
        assert_eq!(t1.len(), 40);
        let id = rng.uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(crate::params::is_uuid(&id), "{id}");
    }
}
