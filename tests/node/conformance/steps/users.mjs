// Conformance steps for current user commands, password reset and Stripe. Owned by whoever builds that part of the sandbox.
// Runs logged in as Alice (alice@example.com / alice-password) after the shared steps of
// scenario.mjs, and must leave Alice logged in. Each step: see the format in scenario.mjs.

import { ref } from '../values.mjs';


const DAVE = { username: 'dave@example.com', password: 'dave-password' };
const ALICE = { username: 'alice@example.com', password: 'alice-password' };

/**
 * The current user's life, compared in full: Dave signs up, logs in, edits his profile,
 * verifies his email, changes email and password, resets the password, deletes the account.
 * Tokens the sandbox "emails" are predictable: `<verify|reset>-<email>-<n>`.
 */
const ACCOUNT = [
  { name: 'currentUser.create: Dave signs up', call: 'currentUser.create', expect: 'ok', args: [{
    email: 'dave@example.com', password: 'dave-password', firstName: 'Dave', lastName: 'Doe',
    displayName: 'Dave D', bio: 'New here', publicData: { city: 'Oslo', age: 40 }, protectedData: { phone: '+47' },
    privateData: { newsletter: true },
  }, { expand: true }] },
  { name: 'currentUser.create: the same email again (409)', call: 'currentUser.create', expect: 'error', args: [{
    email: 'DAVE@example.com', password: 'dave-password', firstName: 'Dave', lastName: 'Again' }] },
  { name: 'currentUser.create: a short password (400)', call: 'currentUser.create', expect: 'error', args: [{
    email: 'erin@example.com', password: 'short', firstName: 'Erin', lastName: 'Eh' }] },
  { name: 'currentUser.createWithIdp: an unverifiable IdP token', call: 'currentUser.createWithIdp', expect: 'error', args: [{
    idpId: 'facebook', idpClientId: 'fb-client', idpToken: 'idp-secret', firstName: 'Eve' }, { expand: true }] },
  { name: 'login as Dave', call: 'login', expect: 'ok', args: [DAVE] },
  { name: 'currentUser.show: Dave', call: 'currentUser.show', expect: 'ok', args: [{}] },
  { name: 'currentUser.updateProfile: names, bio and data', call: 'currentUser.updateProfile', expect: 'ok', args: [{
    firstName: 'David', displayName: 'Dave the Builder', bio: 'Builds things', publicData: { age: null, trade: 'carpenter' },
    privateData: { newsletter: false } }, { expand: true, include: ['profileImage'] }] },
  { name: 'currentUser.updateProfile: another user\'s image (400)', call: 'currentUser.updateProfile', expect: 'error', args: [{
    profileImageId: ref('images.upload (expand)', 'data', 'data', 'id') }] },
  { name: 'currentUser.sendVerificationEmail: again', call: 'currentUser.sendVerificationEmail', expect: 'ok', args: [{}] },
  { name: 'currentUser.verifyEmail: a wrong token', call: 'currentUser.verifyEmail', expect: 'error', args: [{ verificationToken: 'verify-guess' }] },
  { name: 'currentUser.verifyEmail: the first token', call: 'currentUser.verifyEmail', expect: 'ok', args: [{ verificationToken: 'verify-dave@example.com-1' }, { expand: true }] },
  { name: 'currentUser.sendVerificationEmail: already verified (409)', call: 'currentUser.sendVerificationEmail', expect: 'error', args: [{}] },
  { name: 'currentUser.changeEmail: a wrong password (403)', call: 'currentUser.changeEmail', expect: 'error', args: [{ currentPassword: 'nope-nope', email: 'dave2@example.com' }] },
  { name: 'currentUser.changeEmail: to a taken address (409)', call: 'currentUser.changeEmail', expect: 'error', args: [{ currentPassword: 'dave-password', email: 'bob@example.com' }] },
  { name: 'currentUser.changeEmail: pending until verified', call: 'currentUser.changeEmail', expect: 'ok', args: [{ currentPassword: 'dave-password', email: 'dave2@example.com' }, { expand: true }] },
  { name: 'currentUser.verifyEmail: the new address', call: 'currentUser.verifyEmail', expect: 'ok', args: [{ verificationToken: 'verify-dave@example.com-3' }, { expand: true }] },
  { name: 'currentUser.changePassword: a wrong current password (403)', call: 'currentUser.changePassword', expect: 'error', args: [{ currentPassword: 'nope-nope', newPassword: 'dave-password-2' }] },
  { name: 'currentUser.changePassword', call: 'currentUser.changePassword', expect: 'ok', args: [{ currentPassword: 'dave-password', newPassword: 'dave-password-2' }, { expand: true }] },
  { name: 'login as Dave with the old password', call: 'login', expect: 'error', args: [{ username: 'dave2@example.com', password: 'dave-password' }] },
  { name: 'login as Dave with the new password', call: 'login', expect: 'ok', args: [{ username: 'dave2@example.com', password: 'dave-password-2' }] },
  { name: 'passwordReset.request: an unknown email (409)', call: 'passwordReset.request', expect: 'error', args: [{ email: 'nobody@example.com' }] },
  { name: 'passwordReset.request', call: 'passwordReset.request', expect: 'ok', args: [{ email: 'dave2@example.com' }] },
  { name: 'passwordReset.reset: a wrong token', call: 'passwordReset.reset', expect: 'error', args: [{ email: 'dave2@example.com', passwordResetToken: 'reset-guess', newPassword: 'dave-password-3' }] },
  { name: 'passwordReset.reset', call: 'passwordReset.reset', expect: 'ok', args: [{ email: 'dave2@example.com', passwordResetToken: 'reset-dave2@example.com-4', newPassword: 'dave-password-3' }] },
  { name: 'login as Dave after the reset', call: 'login', expect: 'ok', args: [{ username: 'dave2@example.com', password: 'dave-password-3' }] },
  { name: 'currentUser.delete: a wrong password (403)', call: 'currentUser.delete', expect: 'error', args: [{ currentPassword: 'nope-nope' }] },
  { name: 'currentUser.delete', call: 'currentUser.delete', expect: 'ok', args: [{ currentPassword: 'dave-password-3' }] },
  { name: 'login as deleted Dave', call: 'login', expect: 'error', args: [{ username: 'dave2@example.com', password: 'dave-password-3' }] },
  { name: 'login as Alice after Dave', call: 'login', expect: 'ok', args: [ALICE] },
];

/** Stripe as local records, as Alice, compared in full. */
const STRIPE = [
  { name: 'stripeAccount.fetch: none yet (404)', call: 'stripeAccount.fetch', expect: 'error', args: [{}] },
  { name: 'stripeAccountLinks.create: without an account (404)', call: 'stripeAccountLinks.create', expect: 'error', args: [{ failureURL: 'https://example.com/fail', successURL: 'https://example.com/ok', type: 'custom_account_verification' }] },
  { name: 'stripeAccount.create', call: 'stripeAccount.create', expect: 'ok', args: [{ country: 'FI', accountToken: 'ct_secret', requestedCapabilities: ['card_payments', 'transfers'] }, { expand: true }] },
  { name: 'stripeAccount.create: again (409)', call: 'stripeAccount.create', expect: 'error', args: [{ country: 'FI', accountToken: 'ct_secret' }] },
  { name: 'stripeAccount.fetch', call: 'stripeAccount.fetch', expect: 'ok', args: [{}] },
  { name: 'stripeAccount.update', call: 'stripeAccount.update', expect: 'ok', args: [{ accountToken: 'ct_secret2' }, { expand: true }] },
  { name: 'stripeAccountLinks.create', call: 'stripeAccountLinks.create', expect: 'ok', args: [{ failureURL: 'https://example.com/fail', successURL: 'https://example.com/ok', type: 'custom_account_verification', collectionOptions: { fields: 'currently_due' } }] },
  { name: 'stripePersons.create', call: 'stripePersons.create', expect: 'ok', args: [{ personToken: 'person_secret' }] },
  { name: 'stripeSetupIntents.create', call: 'stripeSetupIntents.create', expect: 'ok', args: [{}] },
  { name: 'stripeCustomer.create', call: 'stripeCustomer.create', expect: 'ok', args: [{ stripePaymentMethodId: 'pm_1', stripeCustomerEmail: 'alice@example.com' }, { expand: true, include: ['defaultPaymentMethod'] }] },
  { name: 'stripeCustomer.addPaymentMethod', call: 'stripeCustomer.addPaymentMethod', expect: 'ok', args: [{ stripePaymentMethodId: 'pm_2' }, { expand: true, include: ['defaultPaymentMethod'] }] },
  { name: 'stripeCustomer.deletePaymentMethod', call: 'stripeCustomer.deletePaymentMethod', expect: 'ok', args: [{}, { expand: true, include: ['defaultPaymentMethod'] }] },
  { name: 'currentUser.show: with Stripe relationships', call: 'currentUser.show', expect: 'ok', args: [{ include: ['stripeAccount', 'stripeCustomer'] }] },
  { name: 'currentUser.deleteStripeAccount', call: 'currentUser.deleteStripeAccount', expect: 'ok', args: [{}] },
  { name: 'currentUser.updateStripeAccount: without an account (404)', call: 'currentUser.updateStripeAccount', expect: 'error', args: [{ bankAccountToken: 'btok_secret2' }] },
  { name: 'currentUser.createStripeAccount', call: 'currentUser.createStripeAccount', expect: 'ok', args: [{ country: 'FI', accountToken: 'ct_secret', bankAccountToken: 'btok_secret' }, { expand: true, include: ['stripeAccount'] }] },
  { name: 'currentUser.updateStripeAccount', call: 'currentUser.updateStripeAccount', expect: 'ok', args: [{ bankAccountToken: 'btok_secret2' }, { expand: true }] },
];

/** The steps, in order. */
export const steps = [...ACCOUNT, ...STRIPE];
