import { defineEhrAdapter } from './define';

/** The demo EHR's "CareFrame" chart: table banner, referral order form in a same-origin iframe. */
export default defineEhrAdapter({
  id: 'demo-iframe',
  label: 'Demo EHR – CareFrame (table banner, order form in an iframe)',
  hostPatterns: ['127.0.0.1', 'localhost'],
  urlPatterns: ['/iframe-chart/*'],
  banner: '#demographics',
  referralForm: {
    frame: '#order-frame',
    form: '#order',
    fields: {
      referredTo: 'input[name="facility"]',
      facilityPhone: 'input[name="facilityPhone"]',
      urgency: 'select[name="priority"]',
      referralDate: 'input[name="dateOfReferral"]',
      diagnosis: 'input[name="icd10"]',
      reason: 'textarea[name="indication"]',
      consent: 'input[name="roi"]',
      notes: 'textarea[name="comments"]',
    },
  },
  provenPages: ['demo-iframe-chart-p03.html', 'demo-iframe-referral-frame-p03.html'],
  source: 'tests/demo-ehr/server.mjs iframeChart() and iframeReferral()',
});
