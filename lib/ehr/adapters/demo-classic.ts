import { defineEhrAdapter } from './define';

/** The demo EHR's server-rendered chart ("MedChart Classic"): banner as a definition list. */
export default defineEhrAdapter({
  id: 'demo-classic',
  label: 'Demo EHR – MedChart Classic (server-rendered chart)',
  hostPatterns: ['127.0.0.1', 'localhost'],
  urlPatterns: ['/chart/*'],
  banner: '#patient-banner',
  fields: { name: '.pt-name' },
  referralForm: {
    urlPatterns: ['/chart/*/referral'],
    form: '#referral-form',
    fields: {
      patientName: '#ref-patient',
      referredTo: '#ref-to',
      facilityPhone: '#ref-phone',
      facilityAddress: '#ref-address',
      referralDate: '#ref-date',
      urgency: '#ref-urgency',
      levelOfCare: 'input[name="levelOfCare"]',
      diagnosis: '#ref-dx',
      reason: '#ref-reason',
      consent: 'input[name="consentOnFile"]',
      notes: '#ref-notes',
    },
  },
  provenPages: ['demo-classic-chart-p01.html', 'demo-classic-referral-p07.html'],
  source: 'tests/demo-ehr/server.mjs classicChart() and classicReferral()',
});
