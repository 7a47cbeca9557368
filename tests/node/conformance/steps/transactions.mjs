// Conformance steps for transactions, process transitions, bookings, messages and reviews. Owned by whoever builds that part of the sandbox.
// Runs logged in as Alice (alice@example.com / alice-password) after the shared steps of
// scenario.mjs, and must leave Alice logged in. Each step: see the format in scenario.mjs.
// A step whose endpoint the sandbox does not answer yet carries `requestsOnly: NOT_IN_SANDBOX`.

import { uuid, latLng, bounds, money, bigDecimal, file, date, ref, NOT_IN_SANDBOX, LISTING, TX, IMAGE, START, END, LINE_ITEMS } from '../values.mjs';

/** The steps, in order. */
export const steps = [
  { call: 'transactions.initiate', args: [{
    processAlias: 'default-booking/release-1', transition: 'transition/request-payment',
    params: { listingId: LISTING, bookingStart: START, bookingEnd: END, seats: 1, lineItems: LINE_ITEMS, protectedData: { note: 'hi' } },
  }, { expand: true, include: ['booking', 'listing'] }] },
  { call: 'transactions.initiateSpeculative', args: [{
    processAlias: 'default-purchase/release-1', transition: 'transition/request-payment',
    params: { listingId: LISTING, stockReservationQuantity: 2, deliveryMethod: 'shipping' },
  }, { expand: true }] },
  { call: 'transactions.transition', args: [{ id: TX, transition: 'transition/accept', params: {} }, { expand: true }] },
  { call: 'transactions.transitionSpeculative', args: [{ id: TX, transition: 'transition/confirm-payment', params: { lineItems: LINE_ITEMS } }, { expand: true }] },
  { call: 'transactions.query', args: [{ only: 'sale', lastTransitions: ['transition/accept', 'transition/complete'], include: ['customer', 'booking'] }] },
  { call: 'transactions.show', args: [{ id: TX, include: ['listing', 'provider'] }] },
  { call: 'processTransitions.query', args: [{ transactionId: TX }] },
  { call: 'bookings.query', args: [{ listingId: LISTING, start: START, end: END, state: 'accepted' }] },
  { call: 'messages.query', args: [{ transactionId: TX, include: ['sender'], perPage: 10 }] },
  { call: 'messages.send', args: [{ transactionId: TX, content: 'Is it still available?' }, { expand: true }] },
  { call: 'reviews.query', args: [{ listingId: LISTING, state: 'public', include: ['author'] }] },
  { call: 'reviews.show', args: [{ id: uuid('70000000-0000-4000-8000-000000000001') }] },
].map((step) => ({ name: `${step.call} (request)`, expect: 'any', requestsOnly: NOT_IN_SANDBOX, ...step }));
