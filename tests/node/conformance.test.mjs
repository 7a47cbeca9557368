// Wire-level conformance: the official sharetribe-flex-sdk (its web build) and this SDK, loaded in
// the same headless Chromium page, run the same scenario against the sandbox. For every step both
// must send identical requests (method, path, raw query string, content type, decoded body, form
// field names, token kind, as the sandbox's request log records them) and reach deep-equal
// results (field names, values and type classes). Allowed differences are listed with reasons in
// conformance/compare.mjs. Prints a per-method table and the methods the scenario does not cover.
//
// Run by `cargo xtask test` with SANDBOX_URL pointing at a sandbox that serves pkg/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support.mjs';

import { installHarness } from './conformance/page.mjs';
import { runScenario } from './conformance/run.mjs';
import { scenario } from './conformance/scenario.mjs';
import {
  compareStep, intendedStepDifferences, openDifferences, outcomeNormalizations, requestNormalizations,
} from './conformance/compare.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { between, checklist, endpointMethods, methodTable } from './conformance/checklist.mjs';

const SANDBOX = process.env.SANDBOX_URL;
const OFFICIAL_WEB_BUILD = fileURLToPath(new URL('./node_modules/sharetribe-flex-sdk/build/sharetribe-flex-sdk-web.js', import.meta.url));
const ENDPOINTS_RS = fileURLToPath(new URL('../../src/core/endpoints.rs', import.meta.url));
const README = fileURLToPath(new URL('../../README.md', import.meta.url));

let browser;
let official;
let ours;
let methods;
const comparisons = new Map();

function printTable(title, header, rows) {
  console.log(`\n${title}`);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

before(async () => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  const names = scenario.map((s) => s.name);
  assert.equal(new Set(names).size, names.length, 'scenario step names are unique');
  browser = await launchChromium();
  const page = await browser.newPage();
  // The asset responses carry Cache-Control like the real CDN's; with the browser's cache on,
  // the second SDK's identical asset calls would never reach the sandbox's request log.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // A page on the sandbox's origin, so both SDKs' requests are same-origin like an app's.
  await page.goto(`${SANDBOX}/_sandbox/health`);
  await page.addScriptTag({ path: OFFICIAL_WEB_BUILD });
  await page.evaluate(installHarness, SANDBOX);
  methods = {
    official: await page.evaluate(() => window.__conformance.methodsOf('official')),
    ours: await page.evaluate(() => window.__conformance.methodsOf('ours')),
  };
  official = await runScenario(page, SANDBOX, 'official', scenario);
  ours = await runScenario(page, SANDBOX, 'ours', scenario);
  for (let i = 0; i < scenario.length; i++) comparisons.set(scenario[i].name, compareStep(official[i], ours[i]));
});

after(async () => {
  await browser?.close();
});

test('each scenario step: identical requests and equal results', async (t) => {
  for (let i = 0; i < scenario.length; i++) {
    const step = scenario[i];
    await t.test(`${step.call}: ${step.name}`, () => {
      const c = comparisons.get(step.name);
      for (const [side, record] of [['official', official[i]], ['ours', ours[i]]]) {
        if (step.expect !== 'any') {
          assert.equal(record.outcome.outcome, step.expect,
            `${side} SDK: expected ${step.expect}, got ${JSON.stringify(record.outcome).slice(0, 600)}`);
        }
        assert.ok(['ok', 'error'].includes(record.outcome.outcome),
          `${side} SDK: ${JSON.stringify(record.outcome).slice(0, 600)}`);
        // `sends`: true (the default) = the step must reach the sandbox, false = it must not,
        // null = not checked here (the sides differ on purpose, see intendedStepDifferences).
        const sends = step.sends === undefined ? step.call !== 'authInfo' : step.sends;
        if (sends !== null) {
          assert.equal(record.requests.length > 0, sends, `${side} SDK: the step ${sends ? 'sent no' : 'sent a'} request`);
        }
      }
      const open = [...openDifferences, ...intendedStepDifferences].filter((d) => d.step === step.name);
      for (const d of open) {
        const stillThere = d.part === 'requests' ? !c.requestsEqual : !c.resultsEqual;
        assert.ok(stillThere, `listed difference no longer seen, remove it from compare.mjs: ${d.description}`);
      }
      if (!open.some((d) => d.part === 'requests')) {
        assert.ok(c.requestsEqual, `requests differ (official → ours):\n  ${c.requestDiffs.join('\n  ')}`);
      }
      if (!open.some((d) => d.part === 'result')) {
        assert.ok(c.resultsEqual, `results differ (official → ours):\n  ${c.resultDiffs.join('\n  ')}`);
      }
    });
  }
});

test('per-method summary and coverage checklist', () => {
  const byMethod = new Map();
  for (const step of scenario) {
    const c = comparisons.get(step.name);
    // A whole-step difference that is intended counts as agreement; an open one does not.
    const intended = (part) => intendedStepDifferences.some((d) => d.step === step.name && d.part === part);
    const row = byMethod.get(step.call) ?? { steps: 0, requests: 0, results: 0, requestsOnly: 0 };
    row.steps += 1;
    row.requests += c.requestsEqual || intended('requests') ? 1 : 0;
    row.results += (c.resultsEqual || intended('result')) && !step.requestsOnly ? 1 : 0;
    row.requestsOnly += step.requestsOnly ? 1 : 0;
    byMethod.set(step.call, row);
  }
  printTable('Conformance per method (steps with equal requests / results, of steps run; '
    + 'requests-only steps: the sandbox lacks the endpoint, results not compared)',
    ['method', 'steps', 'requests equal', 'results equal', 'requests-only'],
    [...byMethod].map(([m, r]) => [m, r.steps, `${r.requests}/${r.steps}`, `${r.results}/${r.steps - r.requestsOnly}`, r.requestsOnly || '']));

  // Requests-only steps the sandbox now answers with something other than 404: ready to have
  // their results compared (drop `requestsOnly` from them in scenario.mjs).
  const answered = scenario.filter((step, i) => step.requestsOnly && official[i].outcome.error?.status !== 404);
  if (answered.length > 0) {
    console.log(`\nThe sandbox now answers these requests-only steps; compare their results: ${answered.map((s) => s.name).join(', ')}`);
  }

  const used = new Set();
  for (const c of comparisons.values()) c.notes.forEach((n) => used.add(n));
  console.log('\nAllowed differences applied:');
  for (const n of [...requestNormalizations, ...outcomeNormalizations].filter((n) => used.has(n.what))) {
    console.log(`- ${n.what}: ${n.reason}`);
  }
  console.log('\nIntended differences of whole steps:');
  for (const d of intendedStepDifferences) console.log(`- ${d.step} (${d.part}): ${d.description}`);
  if (openDifferences.length > 0) {
    console.log('\nOpen differences (bugs to fix, listed in conformance/compare.mjs):');
    for (const d of openDifferences) console.log(`- ${d.step} (${d.part}): ${d.description}`);
  }

  // A method counts as covered when every step calling it agreed on the wire and in its result.
  const covered = new Set([...byMethod]
    .filter(([, r]) => r.requestsOnly === 0 && r.requests === r.steps && r.results === r.steps).map(([m]) => m));
  const requestsCovered = new Set([...byMethod].filter(([, r]) => r.requests === r.steps).map(([m]) => m));
  const table = endpointMethods(ENDPOINTS_RS);
  const rows = checklist(table, methods.official, methods.ours, covered);
  const mark = (b) => (b ? 'yes' : '-');
  printTable('Method checklist (in the official instance, the endpoint table, our instance; requests '
    + 'equal on the wire; fully covered: requests and results)',
    ['method', 'official', 'table', 'ours', 'requests', 'covered'],
    rows.map((r) => [r.method, mark(r.official), mark(r.table), mark(r.ours), mark(requestsCovered.has(r.method)), mark(r.covered)]));
  const missing = rows.filter((r) => !r.covered).map((r) => r.method);
  const noRequests = rows.filter((r) => !requestsCovered.has(r.method)).map((r) => r.method);
  console.log(`\nRequests compared for ${rows.length - noRequests.length} of ${rows.length} methods; not yet: ${noRequests.join(', ')}`);
  console.log(`Fully covered ${rows.length - missing.length} of ${rows.length} methods; not yet: ${missing.join(', ')}`);

  // The README's method table must say what this run found; UPDATE_README=1 rewrites it.
  const expected = methodTable(rows);
  const readme = readFileSync(README, 'utf8');
  const current = between(readme, 'methods');
  assert.ok(current, 'README.md has the method table markers <!-- methods:begin --> / <!-- methods:end -->');
  if (process.env.UPDATE_README === '1') {
    writeFileSync(README, `${readme.slice(0, current.from)}\n${expected.join('\n')}\n${readme.slice(current.to)}`);
  } else {
    assert.deepEqual(current.lines, expected, 'README.md method table is out of date: run the conformance test with UPDATE_README=1');
  }

  assert.equal(table.length, 66, 'the endpoint table lists the 66 Marketplace API methods');
  const officialApi = methods.official.filter((m) => m.includes('.'));
  assert.deepEqual([...table].sort(), [...officialApi].sort(), 'the endpoint table names the official instance\'s methods');
  for (const m of byMethod.keys()) assert.ok(methods.official.includes(m), `the scenario calls ${m}, which the official SDK lacks`);
});

test('the comparison tells apart what it must and forgives only what is listed', () => {
  const step = { name: 's', call: 'listings.show' };
  const request = { method: 'GET', path: '/v1/api/listings/show', query: 'id=1&include=author', contentType: null, body: null, auth: 'anonymous', status: 200 };
  const uuid = { $sdkType: 'UUID', $instanceOfSdkClass: true, uuid: 'u-1' };
  const ok = (data) => ({ outcome: 'ok', result: { status: 200, statusText: 'OK', data } });
  const record = (requests, outcome) => ({ step, requests, outcome });
  const same = record([request], ok({ id: uuid, at: { $date: '2024-01-01T00:00:00.000Z' } }));
  assert.ok(compareStep(same, same).requestsEqual && compareStep(same, same).resultsEqual);

  const cases = [
    ['query parameter order', record([{ ...request, query: 'include=author&id=1' }], same.outcome), 'requestDiffs'],
    ['token kind', record([{ ...request, auth: 'user' }], same.outcome), 'requestDiffs'],
    ['an extra request', record([request, request], same.outcome), 'requestDiffs'],
    ['a UUID given as a string', record([request], ok({ id: 'u-1', at: { $date: '2024-01-01T00:00:00.000Z' } })), 'resultDiffs'],
    ['a Date given as a string', record([request], ok({ id: uuid, at: '2024-01-01T00:00:00.000Z' })), 'resultDiffs'],
    ['an instance of another class', record([request], ok({ id: { ...uuid, $instanceOfSdkClass: false }, at: { $date: '2024-01-01T00:00:00.000Z' } })), 'resultDiffs'],
  ];
  for (const [what, other, part] of cases) {
    assert.ok(compareStep(same, other)[part].length > 0, `a difference in ${what} is caught`);
  }

  const form = { ...request, method: 'POST', path: '/v1/auth/token', formFields: ['scope', 'client_id'] };
  const error = (id, extra) => ({
    outcome: 'error',
    error: { isError: true, status: 404, statusText: 'Not Found', codes: ['not-found'], own: { data: { errors: [{ id: { ...uuid, uuid: id }, code: 'not-found' }] }, ...extra } },
  });
  const a = record([form], error('e-1', { code: 'ERR_BAD_REQUEST' }));
  const b = record([{ ...form, formFields: ['client_id', 'scope'] }], error('e-2', { code: 'api-error' }));
  const c = compareStep(a, b);
  assert.ok(c.requestsEqual && c.resultsEqual, `${c.requestDiffs} ${c.resultDiffs}`);
  const d = compareStep(a, record([{ ...form, formFields: ['client_id'] }], error('e-2', {})));
  assert.ok(!d.requestsEqual, 'a missing form field is caught');
});
