// Plain data without zod: this module ships in the content script, where every KB counts.
// labels.test.ts checks the vocabulary's shape instead.
import { withoutAccents } from './letters';

/** The banner fields Bridge reads. An address is read only for the ZIP it ends with. */
export const BANNER_FIELDS = ['name', 'birthDate', 'sex', 'mrn', 'postalCode'] as const;
export type BannerField = (typeof BANNER_FIELDS)[number];

/**
 * What EHR banners call each field, in English and Spanish, written as a person would read them.
 * Matching is done on a normalised form (lower case, no accents, no dots or trailing colon), so
 * "D.O.B.:" and "Fecha de Nacimiento" need no separate entries.
 * Sources: labels seen on public screenshots and open-source EHRs (OpenEMR demographics layout,
 * OpenMRS patient header, the SMART on FHIR patient banner), and the HL7 FHIR Patient resource.
 */
export const LABEL_VOCABULARY: Readonly<Record<BannerField, readonly string[]>> = {
  name: [
    'Name', 'Patient', 'Patient name', 'Patient full name', 'Full name', 'Pt name', 'Pt',
    'Nombre', 'Paciente', 'Nombre del paciente',
  ],
  birthDate: [
    'DOB', 'D.O.B.', 'Date of birth', 'Birth date', 'Birthdate', 'Born', 'Birthday', 'Birth',
    'DOB (age)', 'DOB/Age', 'Fecha de nacimiento', 'F. nacimiento', 'Nacimiento',
  ],
  sex: [
    'Sex', 'Gender', 'Sex assigned at birth', 'Legal sex', 'Administrative sex', 'Birth sex',
    'Sex at birth', 'Sex/Gender', 'Gender identity', 'Sexo', 'Género', 'Sexo asignado al nacer',
  ],
  mrn: [
    'MRN', 'Medical record number', 'Medical record #', 'Medical record no', 'Chart #',
    'Chart number', 'Chart no', 'Patient ID', 'Patient #', 'Patient number', 'Pt ID', 'PID',
    'Identifier', 'Identifiers', 'ID', 'Record number', 'Record #', 'External ID', 'MR #', 'MR no',
    'Expediente', 'Número de expediente', 'No. de expediente', 'Historia clínica', 'N° historia',
    'ID del paciente',
  ],
  postalCode: [
    'Address', 'Home address', 'Street address', 'Mailing address', 'Residence', 'ZIP', 'ZIP code',
    'Zipcode', 'Postal code', 'Postcode', 'Dirección', 'Domicilio', 'Código postal', 'CP',
  ],
};

/** Labels that are common in banners but name no field Bridge reads; they end a value. */
export const OTHER_BANNER_LABELS: readonly string[] = [
  'Age', 'Edad', 'Phone', 'Home phone', 'Cell', 'Mobile', 'Teléfono', 'Email', 'PCP', 'Provider',
  'Primary care provider', 'Insurance', 'Payer', 'Allergies', 'Alergias', 'Language', 'Idioma',
  'Encounter', 'Visit', 'Room', 'Location', 'Code status', 'Weight', 'Height', 'SSN', 'Race',
  'Ethnicity', 'Pronouns', 'Preferred name', 'Marital status', 'Status',
];

/**
 * Normalised form of a label as it appears on a page: lower case, accents and dots removed,
 * trailing colon removed, whitespace collapsed. Pure and cheap; safe on any string.
 */
export function normaliseLabel(text: string): string {
  let s = text.trim();
  if (s.length > 60) return '';
  s = withoutAccents(s.toLowerCase());
  s = s.replace(/[.:：]+/g, ' ').replace(/\s+/g, ' ').trim();
  return s;
}

// Built on first use, not when the module loads: the EHR page script loads at document_start,
// where every millisecond delays the page, and reads labels only later, in the page's idle time.
let labelIndexCache: Map<string, BannerField | null> | undefined;
let labelStartsCache: Set<string> | undefined;

function labelIndex(): Map<string, BannerField | null> {
  if (labelIndexCache) return labelIndexCache;
  const index = new Map<string, BannerField | null>();
  for (const field of BANNER_FIELDS) {
    for (const label of LABEL_VOCABULARY[field]) index.set(normaliseLabel(label), field);
  }
  for (const label of OTHER_BANNER_LABELS) {
    const key = normaliseLabel(label);
    if (!index.has(key)) index.set(key, null);
  }
  return (labelIndexCache = index);
}

function labelStarts(): Set<string> {
  if (labelStartsCache) return labelStartsCache;
  const starts = new Set<string>();
  for (const label of [...BANNER_FIELDS.flatMap((f) => LABEL_VOCABULARY[f]), ...OTHER_BANNER_LABELS]) {
    for (const form of [label.toLowerCase(), normaliseLabel(label)]) starts.add(form.slice(0, 2));
  }
  for (const prefix of ['patient ', 'pt ', 'paciente ']) starts.add(prefix.slice(0, 2));
  return (labelStartsCache = starts);
}

/**
 * Cheap test for hot loops: false when `trimmed` cannot begin a known label (its first two
 * characters, lower-cased, start no label). Most text on a chart is rejected here.
 */
export function mayStartLabel(trimmed: string): boolean {
  return labelStarts().has(trimmed.slice(0, 2).toLowerCase());
}

/** A label recognised on a page: which field it names (`null`: a known label Bridge does not read). */
export type LabelMatch = { ok: true; field: BannerField | null; label: string } | { ok: false; reason: string };

/**
 * Recognises a label ("DOB:", "Patient DOB", "Sex / Gender", "Fecha de nacimiento") and says
 * which field it names. Only whole labels match: "Date" or "Provider name" do not.
 */
export function matchLabel(text: string): LabelMatch {
  if (typeof text !== 'string') return { ok: false, reason: 'label is not text' };
  // Fast path for the common case; the extractor calls this for every short text on the page.
  const quick = text.trim().toLowerCase().replace(/\s*:$/, '');
  const hit = labelIndex().get(quick);
  if (hit !== undefined) return { ok: true, field: hit, label: text.trim() };
  if (quick.length > 40 || (/^[a-z ]*$/.test(quick) && !/^(patient|pt|paciente) /.test(quick) && !quick.includes('  '))) {
    return { ok: false, reason: `"${text.trim().slice(0, 40)}" is not a known banner label` };
  }
  const key = normaliseLabel(text);
  if (!key) return { ok: false, reason: text.trim() ? 'text is too long to be a label' : 'label is empty' };
  const direct = labelIndex().get(key);
  if (direct !== undefined) return { ok: true, field: direct, label: text.trim() };
  const withoutPrefix = key.replace(/^(patient|pt|paciente)\s+/, '');
  const prefixed = withoutPrefix !== key ? labelIndex().get(withoutPrefix) : undefined;
  if (prefixed !== undefined) return { ok: true, field: prefixed, label: text.trim() };
  const withoutParens = key.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
  const paren = withoutParens !== key ? labelIndex().get(withoutParens) : undefined;
  if (paren !== undefined) return { ok: true, field: paren, label: text.trim() };
  // "DOB / Age", "Age/Sex": the first part that names a field Bridge reads wins.
  if (key.includes('/')) {
    for (const part of key.split('/')) {
      const field = labelIndex().get(part.trim());
      if (field) return { ok: true, field, label: text.trim() };
    }
  }
  return { ok: false, reason: `"${text.trim().slice(0, 40)}" is not a known banner label` };
}
