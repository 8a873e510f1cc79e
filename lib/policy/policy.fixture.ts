import type { Policy } from './schema';

/** A policy that sets every key, as a clinic that configures everything would write it. */
export const fullPolicy: Policy = {
  allowedEhrHosts: ['https://ehr.example.org/*', 'https://*.clinic.example.net/chart/*', 'http://127.0.0.1:8080/*'],
  ehrAdapters: [
    {
      id: 'clinic-chart',
      label: 'Clinic EHR chart',
      urlPatterns: ['https://ehr.example.org/chart/*'],
      banner: '#patient-banner',
      fields: { name: '.pt-name', birthDate: '[data-field="dob"]', sex: '.pt-sex', mrn: 'ehr-mrn >>> span.value' },
      referralForm: { frame: 'iframe#referral', fields: { reason: 'textarea[name="reason"]', providerName: '#to' } },
    },
  ],
  enabledInstruments: ['audit-c', 'dast-10', 'crafft-2.1'],
  auditCCutoffs: { men: 5, women: 3 },
  rescreenIntervalMonths: 6,
  defaultLanguage: 'es',
  clinic: { name: 'Eastside Health', address: '1 Main St, Springfield, MA', postalCode: '01103', npi: '1234567893', phone: '(413) 555-0100' },
  referringContacts: [{ name: 'Dana Ruiz', role: 'Care manager', phone: '413-555-0101', email: 'dana@example.org' }],
  directorySourceUrl: 'https://it.example.org/bridge/directory.json',
  directoryRefreshHours: 12,
  fhirEndpoint: { baseUrl: 'https://fhir.example.org/r4', patientIdentifierSystem: 'urn:oid:1.2.3.4', auth: 'bearer', bearerToken: 'secret' },
  retentionDays: 30,
  selfScreenAllowed: true,
  auditLogExportAllowed: false,
  s2biAndCageAidEnabled: true,
};
