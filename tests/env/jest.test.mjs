// Jest with jest-environment-jsdom, configured as the Sharetribe Web Template does, runs a test
// file that requires the package and calls the sandbox. Jest's own results are counted.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV, SANDBOX, installPackage } from './support.mjs';

before(() => {
  assert.ok(SANDBOX, 'SANDBOX_URL must point at a running sandbox');
  installPackage();
});

test('a Jest (jsdom) test file loads the package and calls the sandbox', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'sdk-jest-')), 'results.json');
  const run = spawnSync(process.execPath, [join(ENV, 'node_modules/jest/bin/jest.js'), '--config', join(ENV, 'jest/jest.config.cjs'), '--json', '--outputFile', out, '--ci'],
    { cwd: ENV, encoding: 'utf8', env: { ...process.env, SANDBOX_URL: SANDBOX } });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const results = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(results.numFailedTests, 0, run.stderr);
  assert.equal(results.numPassedTests, 2, run.stderr);
});
