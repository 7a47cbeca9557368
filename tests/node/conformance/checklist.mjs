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

/** Why a method of the official SDK is left out of this one, shown in the README table. */
export const LEFT_OUT = {
  exchangeToken: 'left out: needs a client secret, which never belongs in a browser',
  loginWithIdp: 'left out: needs a client secret, which never belongs in a browser',
};

/**
 * The README's method table as Markdown lines: every method of the official instance and ours,
 * whether this SDK supports it, and whether the conformance scenario covers it (requests and
 * results compared with the official SDK, all equal).
 */
export function methodTable(rows) {
  const lines = ['| method | supported | covered by conformance |', '|---|---|---|'];
  for (const r of rows) {

    const supported = r.ours ? 'yes' : (LEFT_OUT[r.method] ?? 'no');
    lines.push(`| \`${r.method}\` | ${supported} | ${r.covered ? 'yes' : 'no'} |`);

  }
  return lines;
}

/** The lines of `text` between the markers `<!-- name:begin -->` and `<!-- name:end -->`. */
export function between(text, name) {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return null;
  return { from: from + begin.length, to, lines: text.slice(from + begin.length, to).trim().split('\n') };
}
