// The method checklist: every method of an official SDK instance (Marketplace API and auth), the
// endpoint table this SDK is built from (src/core/endpoints.rs), the methods our instance really
// has, and which of them the conformance scenario covers.

import { readFileSync } from 'node:fs';

const camel = (segment) => segment.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** `namespace.method` of every endpoint in `src/core/endpoints.rs`, in table order. */
export function endpointMethods(endpointsRs) {
  const text = readFileSync(endpointsRs, 'utf8');
  const table = text.slice(text.indexOf('pub static ENDPOINTS'), text.indexOf('];', text.indexOf('pub static ENDPOINTS')));
  return [...table.matchAll(/(?:query|command|upload)\("([a-z_]+)\/([a-z_]+)"\)/g)]
    .map(([, ns, method]) => `${camel(ns)}.${camel(method)}`);
}

/**
 * Rows `{ method, official, table, ours, covered }` for every method the endpoint table, the
 * official instance or our instance has: whether each has it, and whether the scenario called it
 * with both SDKs agreeing (`covered`, a Set of names).
 */
export function checklist(tableMethods, officialMethods, ourMethods, covered) {
  const all = [...new Set([...officialMethods, ...tableMethods, ...ourMethods])];
  return all.map((method) => ({
    method,
    official: officialMethods.includes(method),
    table: tableMethods.includes(method),
    ours: ourMethods.includes(method),
    covered: covered.has(method),
  }));
}
