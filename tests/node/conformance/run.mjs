// Drives one SDK through the scenario in a page prepared by `installHarness`, recording for each
// step the requests the sandbox saw and the step's described outcome.

/** The sandbox's control API. */
export function controlApi(sandbox) {
  const call = async (method, path) => {
    const res = await fetch(`${sandbox}/_sandbox/${path}`, { method });
    if (!res.ok) throw new Error(`${method} /_sandbox/${path} answered ${res.status}`);
    return res.json();
  };
  return {
    reset: () => call('POST', 'reset'),
    /**
     * `POST /_sandbox/<action>`, e.g. `expire-access-tokens`; an object `{ path, body }` posts
     * `body` as JSON to `/_sandbox/<path>` (e.g. a trusted transition).
     */
    async act(action) {
      if (typeof action === 'string') return call('POST', action);
      const res = await fetch(`${sandbox}/_sandbox/${action.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(action.body),
      });
      if (!res.ok) throw new Error(`POST /_sandbox/${action.path} answered ${res.status}: ${await res.text()}`);
      return res.json();
    },
    /** Reads and clears the request log. */
    async takeRequests() {
      const log = await call('GET', 'requests');
      await call('DELETE', 'requests');
      return log;
    },
  };
}

/**
 * Runs `scenario` through `which` SDK ('official' or 'ours') from a reset sandbox.
 * Resolves to `[{ step, requests, outcome }]` in scenario order.
 */
export async function runScenario(page, sandbox, which, scenario) {
  const control = controlApi(sandbox);
  await control.reset();
  await page.evaluate((w) => window.__conformance.start(w), which);
  const records = [];
  for (const step of scenario) {
    // `before` names a control action the sandbox performs just before the step.
    if (step.before) await control.act(step.before);
    const outcome = await page.evaluate((s) => window.__conformance.step(s), step);
    const requests = await control.takeRequests();
    records.push({ step, requests, outcome });
  }
  return records;
}
