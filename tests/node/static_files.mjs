// A file answer for the small static servers of the browser tests (tests/node and tests/env):
// the package's files, with the content types a browser needs to run modules and compile wasm.
// Node built-ins only, so tests/env can import it without this project's node_modules.
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

/** Content types by file extension; anything else is `application/octet-stream`. */
export const MIME = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.css': 'text/css',
};

/**
 * Answers `res` with the file at `pathname` under `root` (a `..` prefix cannot leave it), or 404.
 * @param {import('node:http').ServerResponse} res
 * @param {string} root
 * @param {string} pathname the URL path, already decoded
 */
export function sendFile(res, root, pathname) {
  const path = normalize(pathname).replace(/^(\.\.[/\\])+/, '');
  try {
    const body = readFileSync(join(root, path));
    res.writeHead(200, { 'content-type': MIME[/** @type {keyof MIME} */ (extname(path))] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}

/**
 * Starts `server` on a free loopback port; its origin, e.g. `http://127.0.0.1:41234`.
 * @param {import('node:http').Server} server
 */
export async function listenLocal(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return `http://127.0.0.1:${address.port}`;
}
