import { defineEhrAdapter } from './define';

/** The demo EHR's single-page app ("Sunrise SPA EHR"): pushState navigation, key-above-value banner. */
export default defineEhrAdapter({
  id: 'demo-spa',
  label: 'Demo EHR – Sunrise SPA (single-page chart)',
  hostPatterns: ['127.0.0.1', 'localhost'],
  urlPatterns: ['/spa/*'],
  banner: '[data-testid="patient-header"]',
  fields: { name: '.spa-patient-name' },
  referralForm: {
    urlPatterns: ['/spa/patient/*/referral'],
    form: '#spa-referral',
    fields: {
      referredTo: 'input[name="referTo"]',
      facilityPhone: 'input[name="programPhone"]',
      reason: 'textarea[name="reason"]',
      diagnosis: 'input[name="diagnosis"]',
      referralDate: 'input[name="requestedDate"]',
      urgency: 'select[name="urgency"]',
      consent: '#spa-consent',
      notes: 'textarea[name="notes"]',
    },
  },
  provenPages: ['demo-spa-p02.html'],
  source: 'tests/demo-ehr/static/spa.js render()',
});
