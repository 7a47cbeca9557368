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
  { name: 'ownListings.create: a plan entry with no weekday (400)', call: 'ownListings.create', expect: 'error', args: [{ title: 'Bad plan', availabilityPlan: { type: 'availability-plan/time', entries: [{ dayOfWeek: 'someday', startTime: '09:00', endTime: '17:00', seats: 1 }] } }] },
  { name: 'ownListings.create: latitude over 90 (400)', call: 'ownListings.create', expect: 'error', args: [{ title: 'Off the map', geolocation: latLng(91, 0) }] },
  { name: 'ownListings.update: rename, drop a key', call: 'ownListings.update', expect: 'ok', args: [{ id: created, title: 'Family cargo bike', publicData: { tags: null, size: 'xl' } }, { expand: true }] },
  { name: 'ownListings.update: no expand gives id and type', call: 'ownListings.update', expect: 'ok', args: [{ id: created, description: 'Carries two kids and shopping' }] },
  { name: 'ownListings.close: the new listing', call: 'ownListings.close', expect: 'ok', args: [{ id: created }, { expand: true }] },
  { name: 'listings.query: a closed listing is gone', call: 'listings.query', expect: 'ok', args: [{ ids: [created] }] },
  { name: 'listings.show: a closed listing (404)', call: 'listings.show', expect: 'error', args: [{ id: created }] },
  { name: 'ownListings.close: already closed (409)', call: 'ownListings.close', expect: 'error', args: [{ id: created }] },
  { name: 'ownListings.open: the new listing', call: 'ownListings.open', expect: 'ok', args: [{ id: created }, { expand: true }] },
  { name: DRAFT, call: 'ownListings.createDraft', expect: 'ok', args: [{ title: 'Draft kayak', price: money(3000, 'USD') }, { expand: true }] },
  { name: 'ownListings.query: drafts and published', call: 'ownListings.query', expect: 'ok', args: [{ perPage: 3, states: ['draft', 'published'], include: ['images'] }] },
  { name: 'ownListings.addImage: to the draft', call: 'ownListings.addImage', expect: 'ok', args: [{ id: draft, imageId: IMAGE_UPLOADED }, { expand: true, include: ['images'] }] },
  { name: 'ownListings.discardDraft: a second draft', call: 'ownListings.discardDraft', expect: 'ok', args: [{ id: ref('ownListings.createDraft: another draft', 'data', 'data', 'id') }], before: undefined },
  { name: 'ownListings.publishDraft: the draft', call: 'ownListings.publishDraft', expect: 'ok', args: [{ id: draft }, { expand: true }] },
  { name: 'listings.query: the published draft is found', call: 'listings.query', expect: 'ok', args: [{ keywords: 'kayak', include: ['images'], 'limit.images': 1 }] },
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
const APPROVAL = 'ownListings.create: waits for approval while the marketplace requires it';
const EXCEPTION = 'availabilityExceptions.create: close two days';

/** Availability, time slots, stock and sitemap data, compared in full. */
const MORE = [
  { name: APPROVAL, before: { path: 'listing-approval', body: { required: true } }, call: 'ownListings.create', expect: 'ok', args: [{ title: 'Approval canoe', price: money(2500, 'EUR') }, { expand: true }] },
  { name: 'listings.show: a listing pending approval (404)', before: { path: 'listing-approval', body: { required: false } }, call: 'listings.show', expect: 'error', args: [{ id: ref(APPROVAL, 'data', 'data', 'id') }] },
  { name: 'ownListings.query: pending approval', call: 'ownListings.query', expect: 'ok', args: [{ states: ['pendingApproval'] }] },
  { name: 'listings.search: the legacy name', call: 'listings.search', expect: 'ok', args: [{ keywords: 'bike', perPage: 2 }] },
  { name: 'listings.query: has_any tags', call: 'listings.query', expect: 'ok', args: [{ pub_tags: 'has_any:cargo,road', perPage: 5 }] },
  { name: 'listings.query: near an origin', call: 'listings.query', expect: 'ok', args: [{ origin: latLng(52.5, 13.4), perPage: 3 }] },
  { name: 'timeslots.query: a week, no plan', call: 'timeslots.query', expect: 'ok', args: [{ listingId: LISTING, start: MARCH_1, end: MARCH_8 }] },
  { name: EXCEPTION, call: 'availabilityExceptions.create', expect: 'ok', args: [{ listingId: LISTING, start: MARCH_3, end: MARCH_5, seats: 0 }, { expand: true, include: ['ownListing'] }] },
  { name: 'availabilityExceptions.create: overlapping (409)', call: 'availabilityExceptions.create', expect: 'error', args: [{ listingId: LISTING, start: MARCH_3, end: MARCH_5, seats: 1 }] },
  { name: 'listings.query: day-full misses the closed days', call: 'listings.query', expect: 'ok', args: [{ ids: [LISTING], start: MARCH_3, end: MARCH_5, availability: 'day-full' }] },
  { name: 'listings.query: day-partial finds the open days, unpaginated', call: 'listings.query', expect: 'ok', args: [{ ids: [LISTING], start: MARCH_1, end: MARCH_8, availability: 'day-partial', minDuration: 2 }] },
  { name: 'listings.query: time-full matches no day plan', call: 'listings.query', expect: 'ok', args: [{ ids: [LISTING], start: MARCH_1, end: MARCH_3, availability: 'time-full', seats: 1 }] },
  { name: 'listings.query: start without end (400)', call: 'listings.query', expect: 'error', args: [{ start: MARCH_1 }] },
  { name: 'listings.query: over 90 days (400)', call: 'listings.query', expect: 'error', args: [{ start: MARCH_1, end: date('2025-07-01T00:00:00.000Z') }] },
  { name: 'availabilityExceptions.query: the week', call: 'availabilityExceptions.query', expect: 'ok', args: [{ listingId: LISTING, start: MARCH_1, end: MARCH_8 }] },
  { name: 'timeslots.query: split by the exception', call: 'timeslots.query', expect: 'ok', args: [{ listingId: LISTING, start: MARCH_1, end: MARCH_8 }] },
  { name: 'timeslots.query: one slot a day, 500 a page', call: 'timeslots.query', expect: 'ok', args: [{ listingId: LISTING, start: MARCH_1, end: MARCH_8, intervalDuration: 'P1D', maxPerInterval: 1, perPage: 500 }] },
  { name: 'timeslots.query: perPage over 500 (400)', call: 'timeslots.query', expect: 'error', args: [{ listingId: LISTING, start: MARCH_1, end: MARCH_8, perPage: 501 }] },
  { name: 'availabilityExceptions.delete', call: 'availabilityExceptions.delete', expect: 'ok', args: [{ id: ref(EXCEPTION, 'data', 'data', 'id') }] },
  { name: 'timeslots.query: without listingId (400)', call: 'timeslots.query', expect: 'error', args: [{ start: MARCH_1, end: MARCH_8 }] },
  { name: 'stock.compareAndSet: from no stock', call: 'stock.compareAndSet', expect: 'ok', args: [{ listingId: LISTING, oldTotal: null, newTotal: 5 }, { expand: true }] },
  { name: 'stock.compareAndSet: a stale old total (409)', call: 'stock.compareAndSet', expect: 'error', args: [{ listingId: LISTING, oldTotal: null, newTotal: 7 }] },
  { name: 'stockAdjustments.create', call: 'stockAdjustments.create', expect: 'ok', args: [{ listingId: LISTING, quantity: -2 }, { expand: true, include: ['ownListing'] }] },
  { name: 'stockAdjustments.query', call: 'stockAdjustments.query', expect: 'ok', args: [{ listingId: LISTING, start: date('2025-01-01T00:00:00.000Z'), end: date('2025-01-02T00:00:00.000Z') }] },
  { name: 'listings.query: minStock 3 finds the stocked listing', call: 'listings.query', expect: 'ok', args: [{ ids: [LISTING], minStock: 3, include: ['currentStock'] }] },
  { name: 'listings.query: minStock 3 among the seeded purchase listings', call: 'listings.query', expect: 'ok', args: [{ minStock: 3, pub_listingType: 'sell-item', include: ['currentStock'] }] },
  { name: 'listings.query: minStock 4 finds nothing', call: 'listings.query', expect: 'ok', args: [{ ids: [LISTING], minStock: 4 }] },
  { name: 'listings.query: two sort keys, sparse fields', call: 'listings.query', expect: 'ok', args: [{ sort: 'price,-createdAt', perPage: 4, 'fields.listing': ['title', 'price'] }] },
  { name: 'listings.query: sort by a public field', call: 'listings.query', expect: 'ok', args: [{ sort: '-pub_lockCode,createdAt', perPage: 3 }] },
  { name: 'listings.query: four sort keys (400)', call: 'listings.query', expect: 'error', args: [{ sort: 'price,createdAt,pub_a,pub_b' }] },
  { name: 'listings.query: perPage over 100 (400)', call: 'listings.query', expect: 'error', args: [{ perPage: 101 }] },
  { name: 'listings.show: with its current stock', call: 'listings.show', expect: 'ok', args: [{ id: LISTING, include: ['currentStock'] }] },
  // The seed as a Web Template marketplace has it: metadata, listing types, custom variants, plan time zones.
  { name: 'listings.query: meta_ filter sorted by a metadata field', call: 'listings.query', expect: 'ok', args: [{ meta_featured: true, sort: '-meta_rating', perPage: 5, 'fields.listing': ['title', 'metadata'] }] },
  { name: 'listings.query: the template\'s card query', call: 'listings.query', expect: 'ok', args: [{
    pub_listingType: ['daily-rental', 'hourly-rental'], perPage: 4, include: ['author', 'images'],
    'fields.listing': ['title', 'geolocation', 'price', 'deleted', 'state', 'publicData.listingType', 'publicData.transactionProcessAlias', 'publicData.unitType', 'publicData.categoryLevel1'],
    'fields.image': ['variants.listing-card', 'variants.listing-card-2x'],
    'imageVariant.listing-card': 'w:400;h:300;fit:crop', 'imageVariant.listing-card-2x': 'w:800;h:600;fit:crop', 'limit.images': 1,
  }] },
  { name: 'listings.query: a malformed image variant (400)', call: 'listings.query', expect: 'error', args: [{ perPage: 1, 'imageVariant.huge': 'w:4000;h:10;fit:crop' }] },
  { name: 'timeslots.query: an hourly listing in New York', call: 'timeslots.query', expect: 'ok', args: [{ listingId: uuid('20000000-0000-4000-8000-000000000003'), start: date('2025-03-03T00:00:00.000Z'), end: date('2025-03-11T00:00:00.000Z') }] },
  { name: 'sitemapData.queryListings', call: 'sitemapData.queryListings', expect: 'ok', args: [{}] },
  { name: 'sitemapData.queryAssets: pages', call: 'sitemapData.queryAssets', expect: 'ok', args: [{ pathPrefix: '/content/pages/' }] },
];

/** The steps, in order. */
export const steps = [...OWN, ...MORE];
