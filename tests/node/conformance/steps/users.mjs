// Conformance steps for current user commands, password reset and Stripe. Owned by whoever builds that part of the sandbox.
// Runs logged in as Alice (alice@example.com / alice-password) after the shared steps of
// scenario.mjs, and must leave Alice logged in. Each step: see the format in scenario.mjs.
// A step whose endpoint the sandbox does not answer yet carries `requestsOnly: NOT_IN_SANDBOX`.

import { uuid, latLng, bounds, money, bigDecimal, file, date, ref, NOT_IN_SANDBOX, LISTING, TX, IMAGE, START, END, LINE_ITEMS } from '../values.mjs';

/** The steps, in order. */
export const steps = [
  { call: 'currentUser.create', args: [{
    email: 'dave@example.com', password: 'dave-password', firstName: 'Dave', lastName: 'Doe',
    displayName: 'Dave D', bio: 'New here', publicData: { city: 'Oslo' }, protectedData: { phone: '+47' },
    privateData: { newsletter: true },
  }, { expand: true }] },
  { call: 'currentUser.createWithIdp', args: [{ idpId: 'facebook', idpClientId: 'fb-client', idpToken: 'idp-secret', firstName: 'Eve' }, { expand: true }] },
  { call: 'currentUser.updateProfile', args: [{ firstName: 'Al', profileImageId: IMAGE, publicData: { city: 'Turku' } }, { expand: true, include: ['profileImage'] }] },
  { call: 'currentUser.changeEmail', args: [{ currentPassword: 'alice-password', email: 'alice2@example.com' }, { expand: true }] },
  { call: 'currentUser.changePassword', args: [{ currentPassword: 'alice-password', newPassword: 'alice-password-2' }, { expand: true }] },
  { call: 'currentUser.delete', args: [{ currentPassword: 'alice-password' }] },
  { call: 'currentUser.verifyEmail', args: [{ verificationToken: 'verify-secret' }, { expand: true }] },
  { call: 'currentUser.sendVerificationEmail', args: [{}] },
  { call: 'currentUser.createStripeAccount', args: [{ country: 'FI', accountToken: 'ct_secret', bankAccountToken: 'btok_secret' }, { expand: true }] },
  { call: 'currentUser.updateStripeAccount', args: [{ bankAccountToken: 'btok_secret2' }, { expand: true }] },
  { call: 'currentUser.deleteStripeAccount', args: [{}] },
  { call: 'passwordReset.request', args: [{ email: 'alice@example.com' }] },
  { call: 'passwordReset.reset', args: [{ email: 'alice@example.com', passwordResetToken: 'reset-secret', newPassword: 'alice-password-3' }] },
  { call: 'stripeAccount.create', args: [{ country: 'FI', accountToken: 'ct_secret', requestedCapabilities: ['card_payments', 'transfers'] }, { expand: true }] },
  { call: 'stripeAccount.fetch', args: [{}] },
  { call: 'stripeAccount.update', args: [{ accountToken: 'ct_secret2' }, { expand: true }] },
  { call: 'stripeAccountLinks.create', args: [{ failureURL: 'https://example.com/fail', successURL: 'https://example.com/ok', type: 'account_onboarding', collect: 'currently_due' }] },
  { call: 'stripePersons.create', args: [{ personToken: 'person_secret' }] },
  { call: 'stripeSetupIntents.create', args: [{}] },
  { call: 'stripeCustomer.create', args: [{ stripePaymentMethodId: 'pm_1', stripeCustomerEmail: 'alice@example.com' }, { expand: true, include: ['defaultPaymentMethod'] }] },
  { call: 'stripeCustomer.addPaymentMethod', args: [{ stripePaymentMethodId: 'pm_2' }, { expand: true }] },
  { call: 'stripeCustomer.deletePaymentMethod', args: [{}, { expand: true }] },
].map((step) => ({ name: `${step.call} (request)`, expect: 'any', requestsOnly: NOT_IN_SANDBOX, ...step }));
