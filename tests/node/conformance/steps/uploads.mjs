// Conformance steps for images.upload and the file endpoints. Owned by whoever builds that part of the sandbox.
// Runs logged in as Alice (alice@example.com / alice-password) after the shared steps of
// scenario.mjs, and must leave Alice logged in. Each step: see the format in scenario.mjs.
// A step whose endpoint the sandbox does not answer yet carries `requestsOnly: NOT_IN_SANDBOX`.

import { uuid, latLng, bounds, money, bigDecimal, file, date, ref, NOT_IN_SANDBOX, LISTING, TX, IMAGE, START, END, LINE_ITEMS } from '../values.mjs';

/** The steps, in order. */
export const steps = [
  // Ours does not build multipart requests yet: see openDifferences in compare.mjs.
  { call: 'images.upload', args: [{ image: file('bike.png', 'image/png', 'not really a png') }, { expand: true }], sends: null },
  { call: 'ownFiles.create', args: [{ fileUploadId: uuid('80000000-0000-4000-8000-000000000001'), name: 'terms.pdf' }] },
  { call: 'ownFiles.show', args: [{ id: uuid('80000000-0000-4000-8000-000000000002') }] },
  { call: 'fileUploads.create', args: [{ contentType: 'application/pdf', size: 1024 }] },
  { call: 'ownFileDownloads.create', args: [{ fileId: uuid('80000000-0000-4000-8000-000000000002') }] },
  { call: 'fileDownloads.create', args: [{ fileId: uuid('80000000-0000-4000-8000-000000000002'), transactionId: TX }] },
  { call: 'files.show', args: [{ id: uuid('80000000-0000-4000-8000-000000000002') }] },
].map((step) => ({ name: `${step.call} (request)`, expect: 'any', requestsOnly: NOT_IN_SANDBOX, ...step }));
