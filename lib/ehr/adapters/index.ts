import type { EhrAdapter } from './schema';
import demoClassic from './demo-classic';
import demoSpa from './demo-spa';
import demoIframe from './demo-iframe';
import openemr from './openemr';
import smartSandbox from './smart-sandbox';

/**
 * Built-in EHR adapters, most specific first. Adding an EHR means adding one file beside this one
 * and one line here; nothing else changes.
 */
export const builtInAdapters: readonly EhrAdapter[] = [demoClassic, demoSpa, demoIframe, openemr, smartSandbox];

export { defineEhrAdapter } from './define';
export type { EhrAdapter, EhrAdapterInput, ReferralFieldKey } from './schema';
export { adaptersFor, matchesPage } from './match';
export { locateReferralForm, type LocatedReferralForm } from './referral-form';
// Clinic adapters are validated with zod by `parsePolicyAdapters` from './policy', imported
// directly by the background or options page so the content script bundle stays free of zod.
