// The npm package as frontends get it: `npm pack` of pkg/, installed from the tarball into a
// fresh project (no path aliases), then
//   - `tsc --strict --noEmit` on a file using every method passes, and on a file of deliberate
//     mistakes fails on exactly the marked lines;
//   - a Vite app built with `vite build`, and a plain `<script type="module">` page, both run in
//     headless Chromium and complete real calls against the sandbox.
// Fixtures: tests/pkg/. Run by `cargo xtask test` after the package build, with SANDBOX_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support.mjs';

const SANDBOX = process.env.SANDBOX_URL;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOOLS = fileURLToPath(new URL('./node_modules/', import.meta.url));
const FIXTURES = join(ROOT, 'tests/pkg');

let project;
let server;
let origin;
let browser;

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  const dir = mkdtempSync(join(tmpdir(), 'sdk-package-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: join(ROOT, 'pkg'), encoding: 'utf8' }));
  const tarball = join(dir, packed[0].filename);
  project = join(dir, 'project');
  cpSync(join(FIXTURES, 'vite-app'), project, { recursive: true });
  cpSync(join(FIXTURES, 'app.js'), join(project, 'app.js'));
  cpSync(join(FIXTURES, 'plain/index.html'), join(project, 'plain.html'));
  cpSync(join(FIXTURES, 'ts'), join(project, 'ts'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({
    name: 'package-check', private: true, type: 'module',
    dependencies: { 'sharetribe-sdk-wasm': `file:${tarball}` },
  }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project, stdio: 'pipe' });
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = readFileSync(join(project, path));
      res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (project) rmSync(join(project, '..'), { recursive: true, force: true });
});

function tsc(file) {
  const run = spawnSync(process.execPath, [join(TOOLS, 'typescript/bin/tsc'), '--strict', '--noEmit',
    '--target', 'ES2022', '--module', 'ESNext', '--moduleResolution', 'bundler', '--lib', 'ES2022,DOM', file],
  { cwd: project, encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

test('the tarball holds the package files and nothing else', () => {
  const installed = readdirSync(join(project, 'node_modules/sharetribe-sdk-wasm')).sort();
  for (const f of ['index.js', 'index.cjs', 'node.mjs', 'loader.js', 'token_stores.js', 'endpoints.js', 'transit_read.js', 'sdk.js', 'io.js', 'index.d.ts', 'package.json', 'README.md', 'sharetribe_sdk.js', 'sharetribe_sdk_bg.wasm']) {
    assert.ok(installed.includes(f), `${f} is in the package: ${installed}`);
  }
});

test('the usage file calls every method of the endpoint table', () => {
  // With tsc accepting the usage file (next test), this proves the .d.ts declares every
  // method the SDK has, so the types cannot drift from src/core/endpoints.rs.
  const usage = readFileSync(join(FIXTURES, 'ts/usage.ts'), 'utf8');
  const table = readFileSync(join(ROOT, 'src/core/endpoints.rs'), 'utf8');
  const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  const methods = [...table.matchAll(/(?:query|command|upload)\("([a-z_]+)\/([a-z_]+)"\)/g)].map(([, ns, m]) => `${camel(ns)}.${camel(m)}`);
  assert.equal(methods.length, 66);
  const missing = methods.filter((m) => !usage.includes(`sdk.${m}(`));
  assert.deepEqual(missing, [], 'tests/pkg/ts/usage.ts calls every endpoint method');
  for (const m of ['login', 'loginAs', 'logout', 'authInfo', 'assetByAlias', 'assetByVersion', 'assetsByAlias', 'assetsByVersion']) {
    assert.ok(usage.includes(`sdk.${m}(`), `usage.ts calls sdk.${m}`);
  }
});

test('tsc --strict accepts a file using every method', () => {
  const { status, output } = tsc('ts/usage.ts');
  assert.equal(status, 0, output);
});

test('tsc --strict rejects exactly the marked mistakes', () => {
  const { status, output } = tsc('ts/mistakes.ts');
  assert.notEqual(status, 0, 'the mistakes compile');
  const source = readFileSync(join(project, 'ts/mistakes.ts'), 'utf8').split('\n');
  const marked = source.flatMap((line, i) => (/\/\/ error$/.test(line) ? [i + 1] : []));
  const failing = [...new Set([...output.matchAll(/mistakes\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  assert.deepEqual(failing, marked, output);
});

async function runPage(path) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}/${path}?sandbox=${encodeURIComponent(SANDBOX)}`);
  await page.waitForFunction(() => window.__result, null, { timeout: 20_000 });
  const result = await page.evaluate(() => window.__result);
  await page.close();
  return { result, errors };
}

test('a Vite app built from the tarball makes real calls in Chromium', async () => {
  const build = spawnSync(process.execPath, [join(TOOLS, 'vite/bin/vite.js'), 'build'], { cwd: project, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stdout + build.stderr);
  const { result, errors } = await runPage('dist/index.html');
  assert.deepEqual(result, { listings: 3, idsAreUuids: true, email: 'alice@example.com' }, errors.join('\n'));
});

test('a plain <script type="module"> page on the unpacked tarball makes real calls', async () => {
  const { result, errors } = await runPage('plain.html');
  assert.deepEqual(result, { listings: 3, idsAreUuids: true, email: 'alice@example.com' }, errors.join('\n'));
});
