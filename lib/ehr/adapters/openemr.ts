import { defineEhrAdapter } from './define';

/**
 * OpenEMR's patient dashboard (open source, GPL-3). The layout engine renders each demographics
 * field as a `label_custom` cell and a `text data` cell with ids `text_<field>`. Proven on a
 * hand-written fixture modelled on that public markup, not on a live OpenEMR: verify on one
 * before relying on it. OpenEMR runs on the clinic's own host, so any host matches; the path is
 * OpenEMR's own.
 */
export default defineEhrAdapter({
  id: 'openemr',
  label: 'OpenEMR 7 – patient dashboard',
  hostPatterns: ['*'],
  urlPatterns: ['*/interface/patient_file/summary/demographics.php*'],
  banner: '#demographics_ps_expand',
  fields: {
    name: '#text_fname',
    birthDate: '#text_DOB',
    sex: '#text_sex',
    mrn: '#text_pubpid',
    postalCode: '#text_postal_code',
  },
  provenPages: ['openemr-like-dashboard.html'],
  source: 'github.com/openemr/openemr interface/patient_file/summary/demographics.php, library/options.inc.php',
});
