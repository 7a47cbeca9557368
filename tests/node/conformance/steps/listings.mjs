// Conformance steps for own listings, availability exceptions, timeslots, stock and sitemap data. Owned by whoever builds that part of the sandbox.
// Runs logged in as Alice (alice@example.com / alice-password) after the shared steps of
// scenario.mjs, and must leave Alice logged in. Each step: see the format in scenario.mjs.

import { uuid, latLng, money, date, ref, LISTING } from '../values.mjs';


/** Own-listing steps, compared in full: a listing's life from draft to closed and back. */
const IMAGE_UPLOADED = ref('images.upload (expand)', 'data', 'data', 'id');
const CREATED = 'ownListings.create: a published listing with an uploaded image';
const DRAFT = 'ownListings.createDraft: a draft';
const created = ref(CREATED, 'data', 'data', 'id');
const draft = ref(DRAFT, 'data', 'data', 'id');
const OWN = [
  { name: CREATED, call: 'ownListings.create', expect: 'ok', args: [{
    title: 'Cargo bike', description: 'Carries two kids', geolocation: latLng(60.17, 24.94),
    price: money(4500, 'EUR'), images: [IMAGE_UPLOADED],
    availabilityPlan: { type: 'availability-plan/day', entries: [{ dayOfWeek: 'mon', seats: 1 }] },
    publicData: { category: 'bikes', tags: ['cargo', 'family'] }, privateData: { lockCode: 1234 },
  }, { expand: true, include: ['images'] }] },
  { name: 'listings.query: finds the new listing', call: 'listings.query', expect: 'ok', args: [{ keywords: 'cargo kids', include: ['images', 'author'] }] },
  { name: 'ownListings.show: the new listing with private data', call: 'ownListings.show', expect: 'ok', args: [{ id: created, include: ['images'] }] },
  { name: 'ownListings.create: without a title (400)', call: 'ownListings.create', expect: 'error', args: [{ description: 'No title' }] },
  { name: 'ownListings.create: price not Money (400)', call: 'ownListings.create', expect: 'error', args: [{ title: 'Bad price', price: 100 }] },
  { name: 'ownListings.update: rename, drop a key', call: 'ownListings.update', expect: 'ok', args: [{ id: created, title: 'Family cargo bike', publicData: { tags: null, size: 'xl' } }, { expand: true }] },
  { name: 'ownListings.update: no expand gives id and type', call: 'ownListings.update', expect: 'ok', args: [{ id: created, description: 'Carries two kids and shopping' }] },
  { name: 'ownListings.close: the new listing', call: 'ownListings.close', expect: 'ok', args: [{ id: created }, { expand: true }] },
  { name: 'listings.show: a closed listing (404)', call: 'listings.show', expect: 'error', args: [{ id: created }] },
  { name: 'ownListings.close: already closed (409)', call: 'ownListings.close', expect: 'error', args: [{ id: created }] },
  { name: 'ownListings.open: the new listing', call: 'ownListings.open', expect: 'ok', args: [{ id: created }, { expand: true }] },
  { name: DRAFT, call: 'ownListings.createDraft', expect: 'ok', args: [{ title: 'Draft kayak', price: money(3000, 'USD') }, { expand: true }] },
  { name: 'ownListings.query: drafts and published', call: 'ownListings.query', expect: 'ok', args: [{ perPage: 3, states: ['draft', 'published'], include: ['images'] }] },
  { name: 'ownListings.addImage: to the draft', call: 'ownListings.addImage', expect: 'ok', args: [{ id: draft, imageId: IMAGE_UPLOADED }, { expand: true, include: ['images'] }] },
  { name: 'ownListings.discardDraft: a second draft', call: 'ownListings.discardDraft', expect: 'ok', args: [{ id: ref('ownListings.createDraft: another draft', 'data', 'data', 'id') }], before: undefined },
  { name: 'ownListings.publishDraft: the draft', call: 'ownListings.publishDraft', expect: 'ok', args: [{ id: draft }, { expand: true }] },
  { name: 'ownListings.publishDraft: not a draft any more (409)', call: 'ownListings.publishDraft', expect: 'error', args: [{ id: draft }] },
  { name: 'ownListings.show: another user\'s listing (404)', call: 'ownListings.show', expect: 'error', args: [{ id: uuid('20000000-0000-4000-8000-000000000002') }] },
];
// The discard step needs its own draft, made just before it.
OWN.splice(OWN.findIndex((s) => s.call === 'ownListings.discardDraft'), 0,
  { name: 'ownListings.createDraft: another draft', call: 'ownListings.createDraft', expect: 'ok', args: [{ title: 'Throwaway' }] });
for (const step of OWN) delete step.before;

const MARCH_1 = date('2025-03-01T00:00:00.000Z');
const MARCH_3 = date('2025-03-03T00:00:00.000Z');
const MARCH_5 = date('2025-03-05T00:00:00.000Z');
const MARCH_8 = date('2025-03-08T00:00:00.000Z');
const EXCEPTION = 'availabilityExceptions.create: close two days';

/** Availability, time slots, stock and sitemap data, compared in full. */
const MORE = [
  { name: 'listings.search: the legacy name', call: 'listings.search', expect: 'ok', args: [{ keywords: 'bike', perPage: 2 }] },
  { name: 'listings.query: has_any tags', call: 'listings.query', expect: 'ok', args: [{ pub_tags: 'has_any:cargo,road', perPage: 5 }] },
  { name: 'listings.query: near an origin', call: 'listings.query', expect: 'ok', args: [{ origin: latLng(52.5, 13.4), perPage: 3 }] },
  { name: 'timeslots.query: a week, no plan', call: 'timeslots.query', expect: 'ok', args: [{ listingId: LISTING, start: MARCH_1, end: MARCH_8 }] },
  { name: EXCEPTION, call: 'availabilityExceptions.create', expect: 'ok', args: [{ listingId: LISTING, start: MARCH_3, end: MARCH_5, seats: 0 }, { expand: true, include: ['ownListing'] }] },
  { name: 'availabilityExceptions.create: overlapping (409)', call: 'availabilityExceptions.create', expect: 'error', args: [{ listingId: LISTING, start: MARCH_3, end: MARCH_5, seats: 1 }] },
  { name: 'availabilityExceptions.query: the week', call: 'availabilityExceptions.query', expect: 'ok', args: [{ listingId: LISTING, start: MARCH_1, end: MARCH_8 }] },
  { name: 'timeslots.query: split by the exception', call: 'timeslots.query', expect: 'ok', args: [{ listingId: LISTING, start: MARCH_1, end: MARCH_8 }] },
  { name: 'availabilityExceptions.delete', call: 'availabilityExceptions.delete', expect: 'ok', args: [{ id: ref(EXCEPTION, 'data', 'data', 'id') }] },
  { name: 'timeslots.query: without listingId (400)', call: 'timeslots.query', expect: 'error', args: [{ start: MARCH_1, end: MARCH_8 }] },
  { name: 'stock.compareAndSet: from no stock', call: 'stock.compareAndSet', expect: 'ok', args: [{ listingId: LISTING, oldTotal: null, newTotal: 5 }, { expand: true }] },
  { name: 'stock.compareAndSet: a stale old total (409)', call: 'stock.compareAndSet', expect: 'error', args: [{ listingId: LISTING, oldTotal: null, newTotal: 7 }] },
  { name: 'stockAdjustments.create', call: 'stockAdjustments.create', expect: 'ok', args: [{ listingId: LISTING, quantity: -2 }, { expand: true, include: ['ownListing'] }] },
  { name: 'stockAdjustments.query', call: 'stockAdjustments.query', expect: 'ok', args: [{ listingId: LISTING, start: date('2025-01-01T00:00:00.000Z'), end: date('2025-01-02T00:00:00.000Z') }] },
  { name: 'listings.show: with its current stock', call: 'listings.show', expect: 'ok', args: [{ id: LISTING, include: ['currentStock'] }] },
  { name: 'sitemapData.queryListings', call: 'sitemapData.queryListings', expect: 'ok', args: [{}] },
  { name: 'sitemapData.queryAssets: pages', call: 'sitemapData.queryAssets', expect: 'ok', args: [{ pathPrefix: '/content/pages/' }] },
];

/** The steps, in order. */
export const steps = [...OWN, ...MORE];
