// Conformance steps for loginAs, the Asset Delivery API and auth parity. Owned by whoever builds that part of the sandbox.
// Runs logged in as Alice (alice@example.com / alice-password) after the shared steps of
// scenario.mjs, and must leave Alice logged in. Each step: see the format in scenario.mjs.
// A step whose endpoint the sandbox does not answer yet carries `requestsOnly: NOT_IN_SANDBOX`.

import { uuid, latLng, bounds, money, bigDecimal, file, date, ref, NOT_IN_SANDBOX, LISTING, TX, IMAGE, START, END, LINE_ITEMS } from '../values.mjs';

/** The steps, in order. */
export const steps = [

].map((step) => ({ name: `${step.call} (request)`, expect: 'any', requestsOnly: NOT_IN_SANDBOX, ...step }));
