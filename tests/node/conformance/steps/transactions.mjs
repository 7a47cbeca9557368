// Conformance steps for transactions, process transitions, bookings, messages and reviews.
// Runs logged in as Alice (alice@example.com / alice-password) after the shared steps of
// scenario.mjs, and leaves Alice logged in. Each step: see the format in scenario.mjs.
//
// What a browser may do is done through the SDKs: an inquiry, messages, the customer's and
// provider's non-privileged transitions, reviews. What only a marketplace's server (trusted
// token) or an operator may do runs through the sandbox's control API in a step's `before`.
// Ids the sandbox makes are deterministic from a reset: the n-th transaction made in the
// scenario is 50000000-0000-4000-8000-0000001000nn.

import { uuid, date, ref, LINE_ITEMS } from '../values.mjs';

const BOB = { username: 'bob@example.com', password: 'bob-password' };
const ALICE = { username: 'alice@example.com', password: 'alice-password' };
/** Listing 2 of the seed, Bob's. */
const BOBS_LISTING = '20000000-0000-4000-8000-000000000002';
/** Listing 1 of the seed, Alice's. */
const ALICES_LISTING = '20000000-0000-4000-8000-000000000001';
/** The second transaction made in the scenario: the trusted booking below. */
const BOOKING_TX = uuid('50000000-0000-4000-8000-000000100002');
const START = date('2025-03-01T00:00:00.000Z');
const END = date('2025-03-04T00:00:00.000Z');
const INQUIRY = 'transactions.initiate: inquiry on Bob\'s listing';

/** A trusted transition run by the sandbox's control API (see sandbox/README.md). */
const trusted = (body) => ({ path: 'transactions/transition', body });

export const steps = [
  { name: INQUIRY, call: 'transactions.initiate', expect: 'ok', args: [{
    processAlias: 'default-inquiry/release-1', transition: 'transition/inquire-without-payment',
    params: { listingId: uuid(BOBS_LISTING), protectedData: { note: 'hi' } },
  }, { expand: true, include: ['listing', 'provider'] }] },
  { name: 'transactions.initiate: privileged request-payment from a browser (403)', call: 'transactions.initiate', expect: 'error', args: [{
    processAlias: 'default-booking/release-1', transition: 'transition/request-payment',
    params: { listingId: uuid(BOBS_LISTING), bookingStart: START, bookingEnd: END, seats: 1, lineItems: LINE_ITEMS },
  }, { expand: true, include: ['booking', 'listing'] }] },
  { name: 'transactions.initiateSpeculative: booking inquiry', call: 'transactions.initiateSpeculative', expect: 'ok', args: [{
    processAlias: 'default-booking/release-1', transition: 'transition/inquire',
    params: { listingId: uuid(BOBS_LISTING) },
  }, { expand: true }] },
  { name: 'transactions.initiate: on one\'s own listing (409)', call: 'transactions.initiate', expect: 'error', args: [{
    processAlias: 'default-inquiry/release-1', transition: 'transition/inquire-without-payment',
    params: { listingId: uuid(ALICES_LISTING) },
  }] },
  { name: 'transactions.initiate: unknown process alias', call: 'transactions.initiate', expect: 'error', args: [{
    processAlias: 'default-nope/release-1', transition: 'transition/inquire', params: { listingId: uuid(BOBS_LISTING) },
  }] },
  { name: 'messages.send: in the inquiry', call: 'messages.send', expect: 'ok', args: [
    { transactionId: ref(INQUIRY, 'data', 'data', 'id'), content: 'Is it still available?' }, { expand: true, include: ['sender'] }] },
  { name: 'messages.send: empty content (400)', call: 'messages.send', expect: 'error', args: [
    { transactionId: ref(INQUIRY, 'data', 'data', 'id'), content: ' ' }] },
  { name: 'messages.query: the inquiry\'s messages', call: 'messages.query', expect: 'ok', args: [
    { transactionId: ref(INQUIRY, 'data', 'data', 'id'), include: ['sender'], perPage: 10 }] },
  { name: 'transactions.query: my orders', call: 'transactions.query', expect: 'ok', args: [{ only: 'order', include: ['listing', 'provider'] }] },
  { name: 'transactions.query: my sales (none)', call: 'transactions.query', expect: 'ok', args: [{ only: 'sale', lastTransitions: ['transition/accept', 'transition/complete'] }] },
  { name: 'transactions.show: the inquiry with its messages', call: 'transactions.show', expect: 'ok', args: [
    { id: ref(INQUIRY, 'data', 'data', 'id'), include: ['listing', 'provider', 'customer', 'messages'] }] },
  { name: 'processTransitions.query: after the inquiry', call: 'processTransitions.query', expect: 'ok', args: [
    { transactionId: ref(INQUIRY, 'data', 'data', 'id') }] },
  {
    name: 'transactions.transitionSpeculative: confirm the payment of a trusted booking',
    before: trusted({
      as: 'alice@example.com', processAlias: 'default-booking/release-1', transition: 'transition/request-payment',
      params: {
        listingId: { $uuid: BOBS_LISTING }, bookingStart: { $date: '2025-03-01T00:00:00.000Z' },
        bookingEnd: { $date: '2025-03-04T00:00:00.000Z' }, seats: 1,
        lineItems: [{ code: 'line-item/day', unitPrice: { $money: { amount: 2500, currency: 'EUR' } },
          quantity: { $bigdecimal: '3' }, includeFor: ['customer', 'provider'] }],
      },
    }),
    call: 'transactions.transitionSpeculative', expect: 'ok',
    args: [{ id: BOOKING_TX, transition: 'transition/confirm-payment', params: {} }, { expand: true }],
  },
  { name: 'transactions.transition: the customer confirms the payment', call: 'transactions.transition', expect: 'ok', args: [
    { id: BOOKING_TX, transition: 'transition/confirm-payment', params: {} }, { expand: true, include: ['booking'] }] },
  { name: 'transactions.transition: the customer may not accept (403)', call: 'transactions.transition', expect: 'error', args: [
    { id: BOOKING_TX, transition: 'transition/accept', params: {} }] },
  { name: 'login as Bob (provider)', call: 'login', expect: 'ok', args: [BOB] },
  { name: 'transactions.transition: the provider accepts', call: 'transactions.transition', expect: 'ok', args: [
    { id: BOOKING_TX, transition: 'transition/accept', params: {} }, { expand: true, include: ['booking', 'customer'] }] },
  { name: 'transactions.transition: accept again (409)', call: 'transactions.transition', expect: 'error', args: [
    { id: BOOKING_TX, transition: 'transition/accept', params: {} }] },
  { name: 'bookings.query: the accepted booking', call: 'bookings.query', expect: 'ok', args: [
    { listingId: uuid(BOBS_LISTING), start: date('2025-02-01T00:00:00.000Z'), end: date('2025-04-01T00:00:00.000Z'), state: 'accepted', include: ['transaction'] }] },
  { name: 'transactions.query: Bob\'s sales', call: 'transactions.query', expect: 'ok', args: [{ only: 'sale', include: ['customer', 'booking'] }] },
  {
    name: 'transactions.transition: the provider reviews the customer',
    before: trusted({ as: 'operator', id: '50000000-0000-4000-8000-000000100002', transition: 'transition/operator-complete' }),
    call: 'transactions.transition', expect: 'ok',
    args: [{ id: BOOKING_TX, transition: 'transition/review-1-by-provider', params: { reviewRating: 5, reviewContent: 'Punctual and careful' } }, { expand: true }],
  },
  { name: 'login as Alice again', call: 'login', expect: 'ok', args: [ALICE] },
  { name: 'transactions.transition: a review without a rating (400)', call: 'transactions.transition', expect: 'error', args: [
    { id: BOOKING_TX, transition: 'transition/review-2-by-customer', params: { reviewContent: 'Nice' } }] },
  { name: 'transactions.transition: the customer reviews, publishing both', call: 'transactions.transition', expect: 'ok', args: [
    { id: BOOKING_TX, transition: 'transition/review-2-by-customer', params: { reviewRating: 4, reviewContent: 'Nice bike' } }, { expand: true, include: ['reviews'] }] },
  { name: 'reviews.query: of Bob\'s listing', call: 'reviews.query', expect: 'ok', args: [{ listingId: uuid(BOBS_LISTING), include: ['author', 'subject'] }] },
  { name: 'reviews.show: the first one', call: 'reviews.show', expect: 'ok', args: [{ id: ref('reviews.query: of Bob\'s listing', 'data', 'data', 0, 'id'), include: ['author'] }] },
  { name: 'transactions.show: the reviewed booking with its history', call: 'transactions.show', expect: 'ok', args: [
    { id: BOOKING_TX, include: ['booking', 'reviews', 'listing'] }] },
];

