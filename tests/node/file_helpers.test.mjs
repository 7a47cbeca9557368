// The `file` helpers of both SDKs side by side, in one headless Chromium page against the
// sandbox: `file.metadata` results, `file.upload`'s request to the storage URL (as the sandbox
// logs it) and its result, and which bad arguments each throws on at once. The conformance
// scenario covers instance methods only; these are module functions.
//
// Known and intended: the official `file.upload` resolves axios's whole response object
// (`config`, `request`, `headers` too); ours resolves `{ status, statusText, data }` like every
// other call, so only those three are compared.
//
// Run by `cargo xtask test` with SANDBOX_URL pointing at a sandbox that serves pkg/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, pageWithBothSdks } from './support.mjs';

const SANDBOX = process.env.SANDBOX_URL;

let browser;
let page;

async function control(method, path) {
  const res = await fetch(`${SANDBOX}/_sandbox/${path}`, { method });
  assert.ok(res.ok, `${method} /_sandbox/${path}: ${res.status}`);
  return res.json();
}

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  browser = await launchChromium();
  page = await pageWithBothSdks(browser, SANDBOX);
});

after(async () => {
  await browser?.close();
});

/** Runs the documented register → upload flow through one SDK; returns what the page saw. */
function runFlow(which) {
  return page.evaluate(async ({ which, sandbox }) => {
    const sdk = window.sdks[which];
    const instance = sdk.createInstance({ clientId: 'sandbox-client-id', baseUrl: sandbox, tokenStore: sdk.tokenStore.memoryStore() });
    await instance.login({ username: 'alice@example.com', password: 'alice-password' });
    const file = new File(['terms and conditions'], 'terms.pdf', { type: 'application/pdf' });
    const metadata = sdk.file.metadata(file);
    const created = await instance.ownFiles.create(metadata);
    const upload = await instance.fileUploads.create({ fileId: created.data.data.id });
    const { method, url, headers } = upload.data.data.attributes;
    let events = 0;
    const put = await sdk.file.upload({ method, url, headers, file, onUploadProgress: () => { events += 1; } });
    const shown = await instance.ownFiles.show({ id: created.data.data.id });
    return {
      metadata,
      put: { status: put.status, statusText: put.statusText, data: put.data },
      progressEvents: events > 0,
      state: shown.data.data.attributes.state,
    };
  }, { which, sandbox: SANDBOX });
}

test('file.upload sends the same request and both resolve the same status and data', async () => {
  const runs = {};
  const logs = {};
  for (const which of ['official', 'ours']) {
    await control('POST', 'reset');
    runs[which] = await runFlow(which);
    logs[which] = (await control('GET', 'requests')).filter((r) => r.path.startsWith('/v1/storage/'));
  }
  assert.deepEqual(runs.ours, runs.official);
  assert.equal(runs.ours.state, 'available', 'the upload reached the sandbox');
  assert.equal(runs.ours.progressEvents, true);
  assert.equal(logs.official.length, 1);
  assert.deepEqual(logs.ours, logs.official, 'method, path, key, content type, Accept, no token');
  assert.equal(logs.ours[0].method, 'PUT');
  assert.equal(logs.ours[0].contentType, 'application/pdf');
  assert.equal(logs.ours[0].auth, 'none');
});

test('file.metadata gives the same fields for a File and a Blob', async () => {
  const results = await page.evaluate(() => {
    const inputs = [
      new File(['abc'], 'a.txt', { type: 'text/plain' }),
      new File(['abc'], 'noext'),
      new Blob(['abcd'], { type: 'image/png' }),
    ];
    return Object.fromEntries(['official', 'ours'].map((which) => [which,
      inputs.map((f) => {
        const m = window.sdks[which].file.metadata(f);
        return { keys: Object.keys(m), name: m.name === undefined ? '(undefined)' : m.name, mimeType: m.mimeType, size: m.size };
      })]));
  });
  assert.deepEqual(results.ours, results.official);
});

test('missing url or file throws at once in both', async () => {
  const results = await page.evaluate(() => {
    const file = new File(['x'], 'a.pdf');
    const cases = [
      () => window.sdks.WHICH.file.metadata(),
      () => window.sdks.WHICH.file.metadata(null),
      () => window.sdks.WHICH.file.upload({ file }),
      () => window.sdks.WHICH.file.upload({ url: 'http://127.0.0.1:9/x' }),
    ];
    return Object.fromEntries(['official', 'ours'].map((which) => [which, cases.map((c) => {
      const fn = new Function('file', `return (${c.toString().replace('WHICH', which)})();`);
      try {
        const value = fn(file);
        return value instanceof Promise ? 'promise' : 'returned';
      } catch (e) {
        return e instanceof Error ? 'threw an Error' : 'threw something else';
      }
    })]));
  });
  assert.deepEqual(results.ours, results.official);
  assert.ok(results.ours.every((r) => r === 'threw an Error'));
});
