//! The browser engines the test command runs the browser suites in: Chromium, Firefox and
//! WebKit. This module knows, per engine, what to install, where its browser and WebDriver
//! are, and how to point `wasm-pack test` and the node suites at it (WebKit under a virtual
//! display, since Debian's MiniBrowser has no headless mode).

use crate::programs::{cargo_install, find_program, output, tools_dir};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// geckodriver is not in Debian: `cargo install` builds this version into the tools folder.
const GECKODRIVER_VERSION: &str = "0.37.1";

/// One browser engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Debian's Chromium, driven by chromedriver.
    Chromium,
    /// Debian's Firefox ESR, driven by geckodriver.
    Firefox,
    /// WebKitGTK's MiniBrowser, driven by WebKitWebDriver, on an Xvfb display.
    WebKit,
}

impl Engine {
    /// Every engine, in the order the test command runs them.
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::WebKit];

    /// The engine's name as the node suites take it in `TEST_BROWSER`.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        }
    }

    /// The Debian packages the engine needs, each as (a program it installs, package).
    fn debian_packages(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Engine::Chromium => &[
                ("chromium", "chromium"),
                ("chromedriver", "chromium-driver"),
            ],
            Engine::Firefox => &[("firefox-esr", "firefox-esr")],
            Engine::WebKit => &[("WebKitWebDriver", "webkit2gtk-driver"), ("Xvfb", "xvfb")],
        }
    }
}

impl std::fmt::Display for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The environment variables through which the wasm-bindgen test runner picks a WebDriver.
pub const DRIVER_VARIABLES: [&str; 8] = [
    "GECKODRIVER",
    "SAFARIDRIVER",
    "CHROMEDRIVER",
    "MSEDGEDRIVER",
    "GECKODRIVER_REMOTE",
    "SAFARIDRIVER_REMOTE",
    "CHROMEDRIVER_REMOTE",
    "MSEDGEDRIVER_REMOTE",
];

/// Every engine's Debian packages, as (a program the package installs, package).
pub fn debian_packages() -> Vec<(&'static str, &'static str)> {
    Engine::ALL
        .iter()
        .flat_map(|e| e.debian_packages().iter().copied())
        .collect()
}

/// Where geckodriver lives: `GECKODRIVER` if set, else the tools folder.
fn geckodriver_path(root: &Path) -> PathBuf {
    std::env::var_os("GECKODRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| tools_dir(root).join("geckodriver/bin/geckodriver"))
}

/// Builds geckodriver into the tools folder unless that version is there (or `GECKODRIVER`
/// names one). Fails when the build fails.
pub fn ensure_geckodriver(root: &Path) -> Result<(), String> {
    let path = geckodriver_path(root);
    let version = output(&path.to_string_lossy(), &["--version"]).unwrap_or_default();
    if version.starts_with(&format!("geckodriver {GECKODRIVER_VERSION}"))
        || (std::env::var_os("GECKODRIVER").is_some() && !version.is_empty())
    {
        return Ok(());
    }
    let into = tools_dir(root).join("geckodriver");
    let into = into.to_string_lossy();
    // A debug build: it compiles in a fraction of the release build's time on a fresh machine,
    // and a WebDriver proxy's speed does not matter to the tests.
    cargo_install(
        root,
        "geckodriver",
        Some(GECKODRIVER_VERSION),
        &["--root", &into, "--debug"],
    )
}

/// The browser binary's capability key and the browser, for the engines whose WebDriver takes
/// one from `webdriver.json` (WebKitWebDriver starts its own MiniBrowser).
fn browser_binary(engine: Engine) -> Result<Option<(&'static str, String)>, String> {
    Ok(match engine {
        Engine::Chromium => Some((
            "goog:chromeOptions",
            find_program(
                "Chromium",
                "CHROMIUM_PATH",
                &["chromium", "chromium-browser", "google-chrome"],
            )?,
        )),
        Engine::Firefox => Some((
            "moz:firefoxOptions",
            find_program("Firefox", "FIREFOX_PATH", &["firefox-esr", "firefox"])?,
        )),
        Engine::WebKit => None,
    })
}

/// An engine made ready for the suites: found programs, the arguments for `wasm-pack test`,
/// the environment for it and for the node suites, and for WebKit the display it runs on.
pub struct EngineRun {
    /// The engine.
    pub engine: Engine,
    /// `wasm-pack test` arguments that pick the engine and its WebDriver.
    pub wasm_pack_args: Vec<String>,
    /// Environment for `wasm-pack test` and the node suites (`TEST_BROWSER`, program paths,
    /// `DISPLAY`, the capabilities file).
    pub env: Vec<(String, String)>,
    /// The Xvfb display, stopped when this is dropped.
    _display: Option<Xvfb>,
}

/// Finds `engine`'s programs, writes its WebDriver capabilities (the root `webdriver.json`'s
/// entry for it, plus the browser binary found) and, for WebKit, starts an Xvfb display.
/// Fails naming the program that is missing.
pub fn prepare(root: &Path, engine: Engine) -> Result<EngineRun, String> {
    let mut env = vec![("TEST_BROWSER".to_owned(), engine.name().to_owned())];
    let (flag, driver_flag, driver) = match engine {
        Engine::Chromium => (
            "--chrome",
            "--chromedriver",
            find_program("chromedriver", "CHROMEDRIVER", &["chromedriver"])?,
        ),
        Engine::Firefox => {
            let path = geckodriver_path(root);
            if !path.is_file() {
                return Err(format!(
                    "geckodriver is not at {}: run `cargo xtask setup`",
                    path.display()
                ));
            }
            (
                "--firefox",
                "--geckodriver",
                path.to_string_lossy().into_owned(),
            )
        }
        Engine::WebKit => (
            "--safari",
            "--safaridriver",
            find_program("WebKitWebDriver", "WEBKIT_WEBDRIVER", &["WebKitWebDriver"])?,
        ),
    };
    env.push((
        match engine {
            Engine::Chromium => "CHROMEDRIVER",
            Engine::Firefox => "GECKODRIVER",
            Engine::WebKit => "WEBKIT_WEBDRIVER",
        }
        .to_owned(),
        driver.clone(),
    ));
    if let Some((key, binary)) = browser_binary(engine)? {
        env.push((
            match engine {
                Engine::Firefox => "FIREFOX_PATH",
                _ => "CHROMIUM_PATH",
            }
            .to_owned(),
            binary.clone(),
        ));
        let capabilities = capabilities_file(root, engine, key, &binary)?;
        env.push((
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON".to_owned(),
            capabilities.to_string_lossy().into_owned(),
        ));
    }
    let display = if engine == Engine::WebKit {
        let display = Xvfb::start()?;
        env.push(("DISPLAY".to_owned(), display.display.clone()));
        Some(display)
    } else {
        None
    };
    Ok(EngineRun {
        engine,
        wasm_pack_args: vec![
            "--headless".to_owned(),
            flag.to_owned(),
            driver_flag.to_owned(),
            driver,
        ],
        env,
        _display: display,
    })
}

/// Writes `target/browser-tests/webdriver-<engine>.json`: the root `webdriver.json`'s `key`
/// entry with `binary` set. Fails if `webdriver.json` is missing or not a JSON object.
fn capabilities_file(
    root: &Path,
    engine: Engine,
    key: &str,
    binary: &str,
) -> Result<PathBuf, String> {
    let text = std::fs::read_to_string(root.join("webdriver.json"))
        .map_err(|e| format!("cannot read webdriver.json: {e}"))?;
    let all: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("webdriver.json: {e}"))?;
    let mut options = all
        .get(key)
        .cloned()
        .unwrap_or_else(|| serde_json::json!({}));
    let Some(object) = options.as_object_mut() else {
        return Err(format!("webdriver.json: {key} is not an object"));
    };
    object.insert("binary".to_owned(), binary.into());
    let dir = browser_tests_dir(root);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("webdriver-{engine}.json"));
    let json = serde_json::json!({ key: options });
    std::fs::write(&path, serde_json::to_string_pretty(&json).expect("JSON"))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// `target/browser-tests/`: files the test command writes for the browser suites.
pub fn browser_tests_dir(root: &Path) -> PathBuf {
    root.join("target/browser-tests")
}

/// Writes the sandbox's URL where the wasm browser suites read it at run time
/// (`tests/common/mod.rs`, `SANDBOX_URL_FILE`; the test runner serves the crate root).
pub fn write_sandbox_url(root: &Path, url: &str) -> Result<(), String> {
    let dir = browser_tests_dir(root);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(dir.join("sandbox-url.txt"), url).map_err(|e| format!("sandbox-url.txt: {e}"))
}

/// A virtual X display (`Xvfb`) on a free display number, stopped (by its PID) when dropped.
struct Xvfb {
    child: Child,
    /// `:N`, for `DISPLAY`.
    display: String,
}

impl Xvfb {
    /// Starts Xvfb; `-displayfd` makes it pick a free display and print its number once it
    /// accepts clients. Fails if Xvfb is missing or exits first.
    fn start() -> Result<Xvfb, String> {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "1280x1024x24",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start Xvfb: {e}"))?;
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let read = stdout.read_line(&mut line);
        match line.trim().parse::<u32>() {
            Ok(n) if read.is_ok() => {
                eprintln!("Xvfb on :{n} (pid {})", child.id());
                Ok(Xvfb {
                    child,
                    display: format!(":{n}"),
                })
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!("Xvfb did not report a display (got {line:?})"))
            }
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
