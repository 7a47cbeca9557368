// The part of the conformance suite that runs inside the Chromium page. Playwright sends each
// function's source text to the page, so every function here is self-contained: it may use only
// its arguments and `window`.

/**
 * Installs `window.__conformance` in a page that already has both SDKs: the official web build
 * (`window.sharetribeSdk`) and ours (imported from `${sandbox}/pkg/index.js`).
 *
 * Each run gets a fresh SDK instance with a memory token store; step results are kept in the page
 * (so later steps can pass their SDK type instances on unchanged) and sent back to Node described
 * as plain JSON (see `describe`).
 */
export async function installHarness(sandbox) {
  const ours = await import(`${sandbox}/pkg/index.js`);
  await ours.ready(); // createInstance then checks its config synchronously, as the official one does
  const sdks = { official: window.sharetribeSdk, ours };
  if (!sdks.official) throw new Error('the official web build did not define window.sharetribeSdk');

  // Plain JSON describing a value so that two SDKs' results compare exactly: SDK type instances
  // become `{$sdkType, ...own fields}` plus whether they are instances of that SDK's class, dates
  // become `{$date: ISO}`, objects of any other class name their constructor.
  function describe(value, types, seen = new Set()) {
    if (value === undefined) return { $undefined: true };
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function') return { $function: true };
      if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
      return value;
    }
    if (seen.has(value)) return { $cycle: true };
    seen.add(value);
    try {
      if (value instanceof Date) return { $date: Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString() };
      if (Array.isArray(value)) return value.map((v) => describe(v, types, seen));
      const out = {};
      if (typeof value._sdkType === 'string') {
        out.$sdkType = value._sdkType;
        out.$instanceOfSdkClass = typeof types[value._sdkType] === 'function' && value instanceof types[value._sdkType];
      } else {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) out.$class = value.constructor?.name ?? 'unknown';
      }
      for (const key of Object.keys(value)) {
        if (key === '_sdkType') continue;
        out[key] = describe(value[key], types, seen);
      }
      return out;
    } finally {
      seen.delete(value);
    }
  }

  // Builds a step's arguments with one SDK's own types: `{$new: 'UUID', args}` makes
  // `new types.UUID(...args)` (or a Date), `{$ref: step, path}` is a value of an earlier result.
  function build(arg, types, results) {
    if (Array.isArray(arg)) return arg.map((a) => build(a, types, results));
    if (arg === null || typeof arg !== 'object') return arg;
    if ('$new' in arg) {
      const args = arg.args.map((a) => build(a, types, results));
      if (arg.$new === 'Date') return new Date(...args);
      return new types[arg.$new](...args);
    }
    if ('$ref' in arg) {
      if (!(arg.$ref in results)) throw new Error(`step refers to '${arg.$ref}', which has not run`);
      let v = results[arg.$ref];
      for (const key of arg.path) {
        if (v === undefined || v === null) throw new Error(`${arg.$ref}: nothing at ${arg.path.join('.')}`);
        v = v[key];
      }
      return v;
    }
    if ('$undefined' in arg) return undefined;
    if ('$file' in arg) return new File([arg.$file.text], arg.$file.name, { type: arg.$file.type });
    return Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, build(v, types, results)]));
  }

  // What an SDK's rejection carries, described; `message` is kept apart as it is free text.
  function describeError(e, types) {
    const own = {};
    for (const key of Object.keys(e ?? {})) own[key] = describe(e[key], types);
    return {
      isError: e instanceof Error,
      name: e?.name,
      message: typeof e?.message === 'string' ? e.message : undefined,
      status: e?.status,
      statusText: e?.statusText,
      codes: Array.isArray(e?.data?.errors) ? e.data.errors.map((x) => x?.code) : undefined,
      own,
    };
  }

  let current = null;
  window.__conformance = {
    /** An SDK instance's methods, as `namespace.method` and top-level names. */
    methodsOf(which) {
      const sdk = sdks[which].createInstance({
        clientId: 'sandbox-client-id',
        baseUrl: sandbox,
        tokenStore: sdks[which].tokenStore.memoryStore(),
      });
      const names = [];
      for (const [key, v] of Object.entries(sdk)) {
        if (typeof v === 'function') names.push(key);
        else if (v && typeof v === 'object') {
          for (const [m, f] of Object.entries(v)) if (typeof f === 'function') names.push(`${key}.${m}`);
        }
      }
      return names;
    },
    /** Starts a run of `which` SDK with a fresh instance and memory token store. */
    start(which) {
      const sdk = sdks[which];
      current = {
        which,
        types: sdk.types,
        results: {},
        instance: sdk.createInstance({
          clientId: 'sandbox-client-id',
          baseUrl: sandbox,
          assetCdnBaseUrl: sandbox,
          tokenStore: sdk.tokenStore.memoryStore(),
        }),
      };
    },
    /** Runs one step on the current instance; resolves to its described outcome. */
    async step(step) {
      const { instance, types, results } = current;
      const fn = step.call.split('.').reduce((o, k) => (o == null ? undefined : o[k]), instance);
      if (typeof fn !== 'function') return { outcome: 'missing', detail: `${current.which} has no ${step.call}` };
      let args;
      try {
        args = build(step.args ?? [], types, results);
      } catch (e) {
        return { outcome: 'setup-failed', detail: String(e?.message ?? e) };
      }
      const owner = step.call.includes('.') ? instance[step.call.split('.')[0]] : instance;
      try {
        const result = await fn.apply(owner, args);
        results[step.name] = result;
        return { outcome: 'ok', result: describe(result, types) };
      } catch (e) {
        results[step.name] = e;
        return { outcome: 'error', error: describeError(e, types) };
      }
    },
  };
}
