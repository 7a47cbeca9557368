//! Command-line options of the sandbox, parsed with `lexopt`.

use std::path::PathBuf;
use std::time::Duration;

/// How the sandbox is configured; built from the command line or directly by tests.
#[derive(Debug, Clone)]
pub struct Options {
    /// Address to bind; loopback unless the user asks otherwise.
    pub host: String,
    /// Port to bind; 0 picks a free one.
    pub port: u16,
    /// How long an issued access token stays valid.
    pub access_token_ttl: Duration,
    /// Whether the `refresh_token` grant returns a new refresh token and revokes the old one.
    pub rotate_refresh_tokens: bool,
    /// How long a rotated-out refresh token stays usable; zero (`--strict-refresh`) revokes
    /// it at once.
    pub refresh_grace: Duration,
    /// Directory served at `/` (the example app), if any.
    pub static_dir: Option<PathBuf>,
    /// Directory served at `/pkg/` (the built npm package), if any.
    pub pkg_dir: Option<PathBuf>,
    /// At most this many Marketplace API requests per second (429 beyond), if set.
    pub rate_limit: Option<u32>,
    /// Whether asset answers may be cached by the client (`Cache-Control` as the CDN sends
    /// it); `--no-http-cache` sends `no-store`, for harnesses that compare identical calls.
    pub http_cache: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            host: "127.0.0.1".to_owned(),
            port: 0,
            access_token_ttl: Duration::from_secs(3600),
            rotate_refresh_tokens: true,
            refresh_grace: DEFAULT_REFRESH_GRACE,
            static_dir: None,
            rate_limit: None,
            pkg_dir: None,
            http_cache: true,
        }
    }
}

/// How long a rotated-out refresh token keeps working by default.
pub const DEFAULT_REFRESH_GRACE: Duration = Duration::from_secs(60);

/// What the command line asked for.
#[derive(Debug, Clone)]
pub enum Command {
    /// Start the server with these options.
    Run(Options),
    /// Print [`USAGE`] and exit.
    Help,
}

/// The `--help` text.
pub const USAGE: &str = "\
sandbox: a local emulator of the Sharetribe Auth and Marketplace APIs

USAGE:
    sandbox [OPTIONS]

OPTIONS:
    --port N                    Port to listen on (default 0: pick a free port)
    --host ADDR                 Address to bind (default 127.0.0.1)
    --access-token-ttl SECONDS  Lifetime of access tokens (default 3600)
    --no-rotate                 Keep the same refresh token on the refresh_token grant
    --strict-refresh            Revoke a rotated-out refresh token at once (default: it
                                keeps working for 60 s, as parallel refreshes need)
    --static-dir DIR            Serve DIR at / (e.g. www-example)
    --pkg-dir DIR               Serve DIR at /pkg/ (the built npm package)
    --rate-limit N              Answer 429 beyond N Marketplace API requests per second
    --no-http-cache             Asset answers say Cache-Control: no-store (default: as the
                                CDN, so a browser may answer a repeated call from its cache)
    -h, --help                  Print this help

Client ID: sandbox-client-id. Users: alice@example.com / alice-password,
bob@example.com / bob-password, carol@example.com / carol-password.
Once listening, prints one line: sandbox listening on http://HOST:PORT";

/// Parses the arguments that follow the program name (`--flag value` or `--flag=value`).
///
/// Fails with a message naming the offending argument when a flag is unknown, a value is
/// missing, or a number does not parse.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    use lexopt::Arg::{Long, Short};
    let mut options = Options::default();
    let mut parser = lexopt::Parser::from_args(args);
    let value = |parser: &mut lexopt::Parser, name: &str| -> Result<String, String> {
        parser
            .value()
            .ok()
            .and_then(|v| v.into_string().ok())
            .ok_or_else(|| format!("{name} needs a value"))
    };
    while let Some(arg) = parser.next().map_err(|e| format!("{e} (try --help)"))? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Long("port") => {
                let v = value(&mut parser, "--port")?;
                options.port = v
                    .parse()
                    .map_err(|_| format!("--port: '{v}' is not a port number"))?;
            }
            Long("host") => options.host = value(&mut parser, "--host")?,
            Long("access-token-ttl") => {
                let v = value(&mut parser, "--access-token-ttl")?;
                let secs: u64 = v
                    .parse()
                    .map_err(|_| format!("--access-token-ttl: '{v}' is not a number of seconds"))?;
                options.access_token_ttl = Duration::from_secs(secs);
            }
            Long("no-rotate") => options.rotate_refresh_tokens = false,
            Long("strict-refresh") => options.refresh_grace = Duration::ZERO,
            Long("no-http-cache") => options.http_cache = false,
            Long("static-dir") => {
                options.static_dir = Some(PathBuf::from(value(&mut parser, "--static-dir")?))
            }
            Long("pkg-dir") => {
                options.pkg_dir = Some(PathBuf::from(value(&mut parser, "--pkg-dir")?))
            }
            Long("rate-limit") => {
                let text = value(&mut parser, "--rate-limit")?;
                let n =
                    text.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("--rate-limit needs a positive number, got '{text}'")
                    })?;
                options.rate_limit = Some(n);
            }
            other => {
                let shown = match other {
                    Long(name) => format!("--{name}"),
                    Short(c) => format!("-{c}"),
                    lexopt::Arg::Value(v) => v.to_string_lossy().into_owned(),
                };
                return Err(format!("unknown argument '{shown}' (try --help)"));
            }
        }
    }
    Ok(Command::Run(options))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults_bind_loopback_with_rotation() {
        let Command::Run(o) = parse(&[]).unwrap() else {
            panic!("expected run")
        };
        assert_eq!(o.host, "127.0.0.1");
        assert_eq!(o.port, 0);
        assert_eq!(o.access_token_ttl, Duration::from_secs(3600));
        assert!(o.rotate_refresh_tokens);
        assert_eq!(o.refresh_grace, DEFAULT_REFRESH_GRACE);
        let Command::Run(o) = parse(&["--strict-refresh"]).unwrap() else {
            panic!("expected run")
        };
        assert!(o.refresh_grace.is_zero());
        let Command::Run(o) = parse(&["--no-http-cache"]).unwrap() else {
            panic!("expected run")
        };
        assert!(!o.http_cache);
    }

    #[test]
    fn flags_with_separate_and_inline_values() {
        let Command::Run(o) = parse(&[
            "--port",
            "8088",
            "--access-token-ttl=5",
            "--no-rotate",
            "--pkg-dir",
            "pkg",
        ])
        .unwrap() else {
            panic!("expected run")
        };
        assert_eq!(o.port, 8088);
        assert_eq!(o.access_token_ttl, Duration::from_secs(5));
        assert!(!o.rotate_refresh_tokens);
        assert_eq!(o.pkg_dir, Some(PathBuf::from("pkg")));
    }

    #[test]
    fn errors_name_the_argument() {
        assert!(parse(&["--port", "x"]).unwrap_err().contains("--port"));
        assert!(parse(&["--bogus"]).unwrap_err().contains("--bogus"));
        assert!(parse(&["--host"]).unwrap_err().contains("--host"));
        assert!(parse(&["stray"]).unwrap_err().contains("stray"));
        assert!(parse(&["--no-rotate=yes"]).is_err());
        assert!(matches!(parse(&["--help"]).unwrap(), Command::Help));
        assert!(matches!(parse(&["-h"]).unwrap(), Command::Help));
    }
}
