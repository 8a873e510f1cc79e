import { defineEhrAdapter } from './define';

/**
 * SMART on FHIR apps launched from the SMART Health IT sandbox, which show the launch patient in a
 * patient banner (name, gender, DOB, identifier from the FHIR Patient resource). Proven on a
 * hand-written fixture following that convention.
 */
export default defineEhrAdapter({
  id: 'smart-sandbox',
  label: 'SMART on FHIR app patient banner (SMART Health IT sandbox)',
  hostPatterns: ['*.smarthealthit.org'],
  banner: '.patient-banner',
  fields: { name: '[data-testid="patient-name"]' },
  provenPages: ['smart-app-banner.html'],
  source: 'SMART Health IT sandbox apps (launch.smarthealthit.org) patient banner convention',
});
