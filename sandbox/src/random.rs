//! Random opaque tokens and error ids, from `fastrand` (not cryptographic: tokens only need to
//! be unguessable enough for a local test server).

/// A random generator seeded from the OS's entropy.
#[derive(Debug, Clone)]
pub struct Rng(fastrand::Rng);

impl Rng {
    /// A generator with a fresh random seed, so two sandboxes never share tokens.
    pub fn from_entropy() -> Rng {
        Rng(fastrand::Rng::new())
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.u64(..)
    }

    /// A 40-character lowercase hex string, used as an opaque token.
    pub fn token(&mut self) -> String {
        let (a, b, c) = (self.next_u64(), self.next_u64(), self.0.u32(..));
        format!("{a:016x}{b:016x}{c:08x}")
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

/// A random version-4 UUID from the thread's generator (error ids).
pub fn uuid() -> String {
    Rng(fastrand::Rng::with_seed(fastrand::u64(..))).uuid()
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
