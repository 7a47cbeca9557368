// What the environment suites share: the package installed from its `npm pack` tarball into
// node_modules (as an app gets it), Chromium from tests/node, and child processes that print
// their URL.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { launchChromium } from '../node/support.mjs';

export const ENV = fileURLToPath(new URL('./', import.meta.url));
export const ROOT = join(ENV, '../..');
/** The official SDK (tests/node), the reference peer. */
export const OFFICIAL_DIR = join(ROOT, 'tests/node/node_modules/sharetribe-flex-sdk');
export const SANDBOX = process.env.SANDBOX_URL;

/** Packs pkg/ and unpacks the tarball as node_modules/sharetribe-sdk-wasm (the files an app gets). */
export function installPackage() {
  const dir = mkdtempSync(join(tmpdir(), 'sdk-env-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: join(ROOT, 'pkg'), encoding: 'utf8' }));
  const target = join(ENV, 'node_modules/sharetribe-sdk-wasm');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, packed[0].filename), '-C', target, '--strip-components=1']);
  rmSync(dir, { recursive: true, force: true });
}

/** Starts `node args` in `cwd` and resolves { child, url } once it prints `listening on <url>`. */
export function startServer(cwd, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) resolve({ child, url: m[1] });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { out += chunk; process.stderr.write(chunk); });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}): ${out}`)));
  });
}

/** Control API of the sandbox. */
export async function control(method, path) {
  const res = await fetch(`${SANDBOX}/_sandbox/${path}`, { method });
  if (!res.ok) throw new Error(`${method} /_sandbox/${path}: ${res.status}`);
}

/** A Chromium page that records console errors and page errors in `errors`. */
export async function watchedPage(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
  return { page, errors };
}
