// The app's SDK module, imported by code that runs on both sides, as the Web Template's
// src/util/sdkLoader.js: the server build requires the package at run time (Node: index.cjs),
// the client bundle imports it (webpack: index.js, which loads the .wasm on first use).
import * as importedSdk from 'sharetribe-sdk-wasm';

const isServer = typeof window === 'undefined';
// eslint-disable-next-line no-undef
const sdkModule = isServer ? require(/* webpackIgnore: true */ 'sharetribe-sdk-wasm') : importedSdk;

export const { createInstance, types, tokenStore, util } = sdkModule;
export const CLIENT_ID = 'sandbox-client-id';
