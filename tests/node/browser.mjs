// One way to drive Chromium, Firefox and WebKit from the node suites: the W3C WebDriver protocol
// ("classic", plain HTTP + JSON) spoken to each engine's own driver, from node's fetch. All three
// drivers speak it (chromedriver, geckodriver, WebKitWebDriver), the same ones `wasm-pack test`
// uses, so a test reads the same for every engine and needs no npm package. Playwright cannot
// drive Debian's Firefox ESR nor the system WebKit; puppeteer-core could drive Firefox (BiDi) but
// not WebKit. See README.md, "Browsers".
//
// Which engine: `TEST_BROWSER` (chromium, firefox or webkit; default chromium). Where the
// programs are: the variables below, or the usual names on PATH. WebKit's MiniBrowser has no
// headless mode here: run it under a display (`cargo xtask test` starts Xvfb and sets DISPLAY).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The engines this module drives, in the order the test command runs them. */
export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The engine named by `TEST_BROWSER`, default chromium. Throws on an unknown name. */
export function engineFromEnv() {
  const engine = process.env.TEST_BROWSER || 'chromium';
  if (!ENGINES.includes(engine)) throw new Error(`TEST_BROWSER=${engine}: expected one of ${ENGINES.join(', ')}`);
  return engine;
}

/**
 * The first of `names` found as an executable file: an absolute path, or a name on PATH.
 * Throws naming what was looked for when none is found.
 * @param {string} what what the program is, for the error message
 * @param {(string | undefined)[]} names
 */
export function findProgram(what, names) {
  const dirs = (process.env.PATH || '').split(delimiter).filter(Boolean);
  for (const name of names.filter(Boolean)) {
    if (name.includes('/')) {
      if (existsSync(name)) return name;
      continue;
    }
    for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`${what} not found (looked for ${names.filter(Boolean).join(', ')}); run \`cargo xtask setup\``);
}

/** Debian's Chromium, or the binary `CHROMIUM_PATH` names. */
export function chromiumPath() {
  return findProgram('Chromium', [process.env.CHROMIUM_PATH, 'chromium', 'chromium-browser', 'google-chrome']);
}

/**
 * The project's `webdriver.json` (what `wasm-pack test` gives the drivers too): per engine the
 * browser flags and preferences this machine needs (headless, no sandbox as root in a container,
 * no background network traffic, which the closed network would stall).
 */
const WEBDRIVER_JSON = JSON.parse(readFileSync(new URL('../../webdriver.json', import.meta.url), 'utf8'));

/** Chromium's command-line flags from `webdriver.json`. */
export const CHROMIUM_ARGS = WEBDRIVER_JSON['goog:chromeOptions'].args;

/**
 * Per engine: its driver program, how to pass the driver a port, and the session's capabilities.
 * @type {Record<string, { driver: () => string, portArgs: (port: number) => string[], capabilities: () => object }>}
 */
const SETUPS = {
  chromium: {
    driver: () => findProgram('chromedriver', [process.env.CHROMEDRIVER, 'chromedriver']),
    portArgs: (port) => [`--port=${port}`],
    capabilities: () => ({
      browserName: 'chrome',
      'goog:chromeOptions': {
        ...WEBDRIVER_JSON['goog:chromeOptions'],
        binary: chromiumPath(),
        args: [...CHROMIUM_ARGS, '--window-size=1280,900'],
      },
    }),
  },
  firefox: {
    driver: () => findProgram('geckodriver', [process.env.GECKODRIVER, fileURLToPath(new URL('../../target/tools/geckodriver/bin/geckodriver', import.meta.url)), 'geckodriver']),
    portArgs: (port) => ['--port', String(port)],
    capabilities: () => ({
      browserName: 'firefox',
      'moz:firefoxOptions': {
        ...WEBDRIVER_JSON['moz:firefoxOptions'],
        binary: findProgram('Firefox', [process.env.FIREFOX_PATH, 'firefox-esr', 'firefox']),
      },
    }),
  },
  webkit: {
    driver: () => findProgram('WebKitWebDriver', [process.env.WEBKIT_WEBDRIVER, 'WebKitWebDriver']),
    portArgs: (port) => [`--port=${port}`],
    // WebKitWebDriver's default browser is the MiniBrowser that comes with it.
    capabilities: () => ({}),
  },
};

/** A port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** WebDriver's key for an element reference in JSON. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** How long `waitFor…` waits before failing, in ms. */
const WAIT_MS = 15000;

/**
 * Starts `engine`'s driver and one browser session with one window.
 * @param {string} [engine] default: `engineFromEnv()`
 * @returns {Promise<Browser>}
 */
export async function openBrowser(engine = engineFromEnv()) {
  const setup = SETUPS[engine];
  if (!setup) throw new Error(`unknown engine ${engine}`);
  const port = await freePort();
  const driverPath = setup.driver();
  const driver = spawn(driverPath, setup.portArgs(port), { stdio: ['ignore', 'ignore', 'pipe'] });
  let driverLog = '';
  driver.stderr.on('data', (chunk) => { driverLog = (driverLog + chunk).slice(-4000); });
  const exited = new Promise((resolve) => driver.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let start = Date.now(); ; await sleep(100)) {
      if (driver.exitCode !== null) throw new Error(`${driverPath} exited (${driver.exitCode}): ${driverLog}`);
      const ready = await fetch(`${base}/status`).then((r) => r.ok, () => false);
      if (ready) break;
      if (Date.now() - start > 20000) throw new Error(`${driverPath} did not listen on ${port}: ${driverLog}`);
    }
    const created = await command(base, 'POST', '/session', { capabilities: { alwaysMatch: setup.capabilities() } });
    const browser = new Browser(engine, base, created.sessionId, created.capabilities, async () => {
      driver.kill();
      await exited;
    });
    await browser.session('POST', '/timeouts', { script: 60000, pageLoad: 60000 });
    await browser.session('POST', '/window/rect', { width: 1280, height: 900 }).catch(() => {});
    return browser;
  } catch (e) {
    driver.kill();
    throw e;
  }
}

/** Sends one WebDriver command; resolves its `value`, throws the driver's error and message. */
async function command(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    // Far above any one command's time; only a driver or browser that hangs reaches it.
    signal: AbortSignal.timeout(120000),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`WebDriver ${method} ${path}: HTTP ${response.status}, not JSON: ${text.slice(0, 300)}`);
  }
  const value = parsed?.value;
  if (!response.ok) {
    throw new Error(`WebDriver ${method} ${path}: ${value?.error}: ${value?.message}`);
  }
  return value;
}

/**
 * One browser session (one window) of one engine, with the few page actions the suites use.
 * Selectors are CSS. Every `waitFor…` polls until its condition holds or fails after 15 s with
 * what it waited for.
 */
export class Browser {
  constructor(engine, base, id, capabilities, stop) {
    /** chromium, firefox or webkit */
    this.engine = engine;
    /** The browser's name and version as the driver reports them, e.g. `firefox 153.8.0`. */
    this.version = `${capabilities?.browserName} ${capabilities?.browserVersion}`;
    this.base = base;
    this.id = id;
    this.stop = stop;
  }

  /** A command on this session, e.g. `('POST', '/url', { url })`. */
  session(method, path, body) {
    return command(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** Ends the session (closing the browser) and stops the driver. */
  async close() {
    await this.session('DELETE', '').catch(() => {});
    await this.stop();
  }

  /** Opens `url` and waits for it to load; starts collecting the page's uncaught errors. */
  async goto(url) {
    await this.session('POST', '/url', { url });
    await this.watchErrors();
  }

  /** Reloads the page (a new document) and keeps collecting its errors. */
  async reload() {
    await this.session('POST', '/refresh', {});
    await this.watchErrors();
  }

  /** Records uncaught errors and unhandled rejections of the current document in the page. */
  async watchErrors() {
    await this.evaluate(() => {
      if (window.__pageErrors) return;
      window.__pageErrors = [];
      window.addEventListener('error', (e) => window.__pageErrors.push(String(e.message)));
      window.addEventListener('unhandledrejection', (e) => window.__pageErrors.push(String(e.reason?.message ?? e.reason)));
    });
  }

  /** Uncaught errors of the current document since it loaded (or since `goto`/`reload`). */
  pageErrors() {
    return this.evaluate(() => window.__pageErrors ?? []);
  }

  /** The current document's URL. */
  url() {
    return this.session('GET', '/url');
  }

  /**
   * Runs `fn(...args)` in the page and resolves its (awaited) result, as JSON. `fn` travels as
   * source text and runs as a page script, in the page's own realm (Firefox runs WebDriver
   * scripts in a realm of their own, where the page's objects fail `instanceof Object` and
   * `instanceof Error`): it may use only its arguments and the page's globals. A throw in the
   * page rejects here with its message.
   * @param {Function} fn
   * @param {...any} args JSON values
   */
  async evaluate(fn, ...args) {
    const run = `Promise.resolve().then(() => (${fn})(...${JSON.stringify(args)}))
      .then((value) => ({ value: value === undefined ? null : value }),
            (e) => ({ error: e instanceof Error ? e.name + ': ' + e.message + '\\n' + e.stack : String(e) }))`;
    const script = `const [run, done] = arguments;
      const key = '__browserMjs' + Math.random().toString(36).slice(2);
      const element = document.createElement('script');
      element.textContent = 'window[' + JSON.stringify(key) + '] = ' + run + ';';
      (document.head || document.documentElement).append(element);
      element.remove();
      const pending = window[key];
      delete window[key];
      if (pending) pending.then(done);
      else done({ error: 'the page did not run the script (does it forbid inline scripts?)' });`;
    const outcome = await this.session('POST', '/execute/async', { script, args: [run] });
    if (outcome?.error !== undefined) throw new Error(`in the page: ${outcome.error}`);
    return outcome?.value;
  }

  /** Adds the script file at `path` to the page as a classic `<script>`, run at once. */
  async addScript(path) {
    const source = readFileSync(path, 'utf8');
    await this.evaluate((text) => {
      const script = document.createElement('script');
      script.textContent = text;
      document.head.append(script);
    }, source);
  }

  /** Waits until `fn(...args)` in the page returns a truthy value; resolves that value. */
  async waitFor(what, fn, ...args) {
    const start = Date.now();
    for (;;) {
      const value = await this.evaluate(fn, ...args);
      if (value) return value;
      if (Date.now() - start > WAIT_MS) throw new Error(`${this.engine}: timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  /** Waits until an element matches `selector` and (when given) its text contains `text`. */
  waitForText(selector, text = '') {
    return this.waitFor(`${selector} containing ${JSON.stringify(text)}`,
      (s, t) => [...document.querySelectorAll(s)].some((e) => e.textContent.includes(t)), selector, text);
  }

  /** Waits until an element matches `selector`. */
  waitForSelector(selector) {
    return this.waitForText(selector);
  }

  /**
   * A reference to the first element matching `selector` whose text contains `text`, once there
   * is one.
   */
  async element(selector, text = '') {
    await this.waitForText(selector, text);
    const found = await this.session('POST', '/execute/sync', {
      script: 'return [...document.querySelectorAll(arguments[0])].find((e) => e.textContent.includes(arguments[1]));',
      args: [selector, text],
    });
    if (!found?.[ELEMENT]) throw new Error(`${this.engine}: no element ${selector} containing ${JSON.stringify(text)}`);
    return found[ELEMENT];
  }

  /** Clicks (as a user, through the driver) the first element matching `selector` [and text]. */
  async click(selector, text = '') {
    const id = await this.element(selector, text);
    await this.session('POST', `/element/${id}/click`, {});
  }

  /** Replaces the value of the input matching `selector` by typing `value`. */
  async fill(selector, value) {
    const id = await this.element(selector);
    await this.session('POST', `/element/${id}/clear`, {});
    await this.session('POST', `/element/${id}/value`, { text: value });
  }

  /** Picks (clicks) the option whose value is `value` in the `<select>` matching `selector`. */
  async select(selector, value) {
    await this.waitForSelector(selector);
    const found = await this.session('POST', '/execute/sync', {
      script: 'return [...document.querySelector(arguments[0]).options].find((o) => o.value === arguments[1]);',
      args: [selector, value],
    });
    if (!found?.[ELEMENT]) throw new Error(`${this.engine}: ${selector} has no option ${JSON.stringify(value)}`);
    await this.session('POST', `/element/${found[ELEMENT]}/click`, {});
  }

  /**
   * Runs `action` (something that makes the page load a new document, e.g. a reload the app
   * does itself), waits for the new document to finish loading, and collects its errors.
   */
  async expectNewDocument(action) {
    await this.evaluate(() => { window.__oldDocument = true; });
    await action();
    const start = Date.now();
    for (;;) {
      // While the old document unloads, a script may fail: that only means "not yet".
      const loaded = await this.evaluate(() => !window.__oldDocument && document.readyState === 'complete')
        .catch(() => false);
      if (loaded) break;
      if (Date.now() - start > WAIT_MS) throw new Error(`${this.engine}: no new document loaded`);
      await sleep(50);
    }
    await this.watchErrors();
  }

  /** Puts the file at `path` (absolute) into the file input matching `selector`. */
  async setFile(selector, path) {
    const id = await this.element(selector);
    await this.session('POST', `/element/${id}/value`, { text: path });
  }

  /** The text of the first element matching `selector`, or null when there is none. */
  text(selector) {
    return this.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
  }

  /** The texts of all elements matching `selector`. */
  texts(selector) {
    return this.evaluate((s) => [...document.querySelectorAll(s)].map((e) => e.textContent), selector);
  }

  /** How many elements match `selector`. */
  count(selector) {
    return this.evaluate((s) => document.querySelectorAll(s).length, selector);
  }

  /** The `value` property of the first element matching `selector`. */
  value(selector) {
    return this.evaluate((s) => document.querySelector(s)?.value ?? null, selector);
  }

  /** The cookies of the current document as the browser stores them (`{ name, value, … }`). */
  cookies() {
    return this.session('GET', '/cookie');
  }

  /** Forgets the current origin's cookies, local and session storage. */
  async clearOrigin() {
    await this.session('DELETE', '/cookie');
    await this.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  }

  /** Saves a PNG of the window at `path`. */
  async screenshot(path) {
    writeFileSync(path, Buffer.from(await this.session('GET', '/screenshot'), 'base64'));
  }
}
