// Conformance steps for own listings, availability exceptions, timeslots, stock and sitemap data. Owned by whoever builds that part of the sandbox.
// Runs logged in as Alice (alice@example.com / alice-password) after the shared steps of
// scenario.mjs, and must leave Alice logged in. Each step: see the format in scenario.mjs.
// A step whose endpoint the sandbox does not answer yet carries `requestsOnly: NOT_IN_SANDBOX`.

import { uuid, latLng, bounds, money, bigDecimal, file, date, ref, NOT_IN_SANDBOX, LISTING, TX, IMAGE, START, END, LINE_ITEMS } from '../values.mjs';

/** The steps, in order. */
export const steps = [
  { call: 'listings.search', args: [{ keywords: 'bike', perPage: 2 }] },
  { call: 'ownListings.show', args: [{ id: LISTING, include: ['images'] }] },
  { call: 'ownListings.query', args: [{ perPage: 2, states: ['draft', 'published'] }] },
  { call: 'ownListings.create', args: [{
    title: 'Cargo bike', description: 'Carries two kids', geolocation: latLng(60.17, 24.94),
    price: money(4500, 'EUR'), images: [IMAGE],
    availabilityPlan: { type: 'availability-plan/day', entries: [{ dayOfWeek: 'mon', seats: 1 }] },
    publicData: { category: 'bikes', tags: ['cargo', 'family'] }, privateData: { lockCode: 1234 },
  }, { expand: true, include: ['images'] }] },
  { call: 'ownListings.createDraft', args: [{ title: 'Draft kayak', price: money(3000, 'USD') }, { expand: true }] },
  { call: 'ownListings.publishDraft', args: [{ id: LISTING }, { expand: true }] },
  { call: 'ownListings.discardDraft', args: [{ id: LISTING }] },
  { call: 'ownListings.update', args: [{ id: LISTING, title: 'Renamed', publicData: { category: null } }, { expand: true }] },
  { call: 'ownListings.open', args: [{ id: LISTING }, { expand: true }] },
  { call: 'ownListings.close', args: [{ id: LISTING }, { expand: true }] },
  { call: 'ownListings.addImage', args: [{ id: LISTING, imageId: IMAGE }, { expand: true, include: ['images'] }] },
  { call: 'availabilityExceptions.create', args: [{ listingId: LISTING, start: START, end: END, seats: 0 }, { expand: true }] },
  { call: 'availabilityExceptions.delete', args: [{ id: uuid('60000000-0000-4000-8000-000000000001') }] },
  { call: 'availabilityExceptions.query', args: [{ listingId: LISTING, start: START, end: END }] },
  { call: 'timeslots.query', args: [{ listingId: LISTING, start: START, end: END }] },
  { call: 'stockAdjustments.query', args: [{ listingId: LISTING, start: START, end: END }] },
  { call: 'stockAdjustments.create', args: [{ listingId: LISTING, quantity: -2 }, { expand: true }] },
  { call: 'stock.compareAndSet', args: [{ listingId: LISTING, oldTotal: null, newTotal: 5 }, { expand: true }] },
  { call: 'sitemapData.queryListings', args: [{}] },
  { call: 'sitemapData.queryAssets', args: [{}] },
].map((step) => ({ name: `${step.call} (request)`, expect: 'any', requestsOnly: NOT_IN_SANDBOX, ...step }));
