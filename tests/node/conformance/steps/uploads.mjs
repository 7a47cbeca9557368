// Conformance steps for images.upload and the file endpoints. Owned by whoever builds that part of the sandbox.
// Runs logged in as Alice (alice@example.com / alice-password) after the shared steps of
// scenario.mjs, and must leave Alice logged in. Each step: see the format in scenario.mjs.
// A step whose endpoint the sandbox does not answer yet carries `requestsOnly: NOT_IN_SANDBOX`.
//
// The file flow is the documented one: ownFiles.create (from the file's metadata),
// fileUploads.create for a storage URL, then downloads once the bytes are there. The bytes
// themselves go up with the `file.upload` helper, which is not an instance method: the browser
// suite tests/browser_upload.rs covers it. Here the upload URL is used unuploaded, so the
// download steps exercise the sandbox's 409 for a file that has not arrived yet.

import { uuid, file, ref } from '../values.mjs';

const TERMS = 'terms and conditions, version 1';
const FILE_ID = ref('ownFiles.create (expand)', 'data', 'data', 'id');

/** The steps, in order. */
export const steps = [
  {
    name: 'images.upload (expand)',
    call: 'images.upload',
    args: [{ image: file('bike.png', 'image/png', 'not really a png') }, { expand: true }],
    expect: 'ok',
  },
  {
    name: 'images.upload with extra fields, no query',
    call: 'images.upload',
    args: [{ image: file('tent.jpg', 'image/jpeg', 'jpeg bytes'), note: 'front view', n: 2 }],
    expect: 'ok',
  },
  {
    name: 'images.upload of a PDF (400 image-invalid-content)',
    call: 'images.upload',
    args: [{ image: file('terms.pdf', 'application/pdf', TERMS) }],
    expect: 'error',
  },
  {
    name: 'ownFiles.create (expand)',
    call: 'ownFiles.create',
    args: [{ name: 'terms.pdf', mimeType: 'application/pdf', size: TERMS.length }, { expand: true }],
    expect: 'ok',
  },
  {
    name: 'ownFiles.create of an executable (400)',
    call: 'ownFiles.create',
    args: [{ name: 'setup.exe', mimeType: 'application/x-msdownload', size: 100 }],
    expect: 'error',
  },
  { name: 'ownFiles.show', call: 'ownFiles.show', args: [{ id: FILE_ID }], expect: 'ok' },
  {
    name: 'ownFiles.show of an unknown file (404)',
    call: 'ownFiles.show',
    args: [{ id: uuid('80000000-0000-4000-8000-0000000fffff') }],
    expect: 'error',
  },
  { name: 'fileUploads.create', call: 'fileUploads.create', args: [{ fileId: FILE_ID }], expect: 'ok' },
  {
    name: 'ownFileDownloads.create before the upload (409)',
    call: 'ownFileDownloads.create',
    args: [{ fileId: FILE_ID }],
    expect: 'error',
  },
  {
    name: 'fileDownloads.create before the upload (409)',
    call: 'fileDownloads.create',
    args: [{ fileId: FILE_ID }],
    expect: 'error',
  },
  { name: 'files.show', call: 'files.show', args: [{ id: FILE_ID }], expect: 'ok' },
];
