import { z } from 'zod';

/** The pieces of a referral that can go into a form field. */
export const packetValueIdSchema = z.enum([
  'patient.name',
  'patient.firstName',
  'patient.lastName',
  'patient.birthDate',
  'patient.mrn',
  'patient.sex',
  'patient.postalCode',
  'provider.name',
  'provider.address',
  'provider.phone',
  'referral.specialty',
  'referral.reason',
  'referral.diagnosis',
  'referral.urgency',
  'referral.urgentFlag',
  'referral.levelOfCare',
  'referral.screening',
  'referral.notes',
  'referral.date',
  'referral.consentOnFile',
  'clinician.name',
  'clinician.npi',
  'clinician.phone',
  'clinic.name',
]);
export type PacketValueId = z.infer<typeof packetValueIdSchema>;

const entrySchema = z.object({
  /** Phrases that name this value on a form, compared after `normalizeText`. */
  synonyms: z.array(z.string().min(1)).min(1),
  /** Phrases that rule a label out even if a synonym matches (e.g. "referred by" for "referred to"). */
  exclude: z.array(z.string().min(1)).default([]),
  /** HTML autocomplete tokens that mean this value. */
  autocomplete: z.array(z.string()).default([]),
});

export const fieldVocabularySchema = z.record(packetValueIdSchema, entrySchema);
export type FieldVocabulary = z.infer<typeof fieldVocabularySchema>;

/**
 * Label vocabulary for US EHR referral ("ambulatory referral", "outside referral", "consult
 * order") forms. Phrases collected from the labels those forms use: Epic and Cerner referral
 * order composers, eClinicalWorks/athenahealth referral screens, state SBIRT referral forms and
 * 360X sample documents. Extend by adding phrases here, not code.
 */
export const REFERRAL_FIELD_VOCABULARY: FieldVocabulary = fieldVocabularySchema.parse({
  'patient.name': {
    synonyms: ['patient name', 'patient', 'name of patient', 'patient full name', 'client name', 'member name', 'pt name', 'full name'],
    exclude: ['first', 'last', 'given', 'family', 'provider', 'clinician', 'facility', 'physician', 'referring', 'referred', 'agency', 'program', 'clinic', 'organization', 'emergency contact', 'guardian', 'phone', 'id', 'mrn', 'number', 'dob', 'birth', 'address', 'sex', 'gender'],
    autocomplete: ['name'],
  },
  'patient.firstName': {
    synonyms: ['first name', 'patient first name', 'given name', 'first', 'fname', 'pt first name'],
    exclude: ['provider', 'clinician', 'physician', 'referring', 'contact'],
    autocomplete: ['given-name'],
  },
  'patient.lastName': {
    synonyms: ['last name', 'patient last name', 'family name', 'surname', 'last', 'lname', 'pt last name'],
    exclude: ['provider', 'clinician', 'physician', 'referring', 'contact'],
    autocomplete: ['family-name'],
  },
  'patient.birthDate': {
    synonyms: ['date of birth', 'dob', 'birth date', 'birthdate', 'patient dob', 'patient date of birth', 'd o b', 'born'],
    exclude: ['provider'],
    autocomplete: ['bday'],
  },
  'patient.mrn': {
    synonyms: ['mrn', 'medical record number', 'medical record', 'patient id', 'chart number', 'chart', 'record number', 'patient mrn', 'med rec', 'medical record no', 'mrn number', 'pt id'],
    exclude: ['provider', 'npi', 'referral id', 'order id', 'insurance', 'member id', 'policy'],
  },
  'patient.sex': {
    synonyms: ['sex', 'gender', 'patient sex', 'administrative sex', 'sex assigned', 'birth sex'],
    exclude: ['identity', 'orientation', 'pronoun'],
    autocomplete: ['sex'],
  },
  'patient.postalCode': {
    synonyms: ['zip', 'zip code', 'postal code', 'patient zip'],
    exclude: ['provider', 'facility', 'referred', 'receiving', 'clinic'],
    autocomplete: ['postal-code'],
  },
  'provider.name': {
    synonyms: ['referred to', 'refer to', 'referral to', 'receiving facility', 'receiving provider', 'receiving organization', 'receiving agency', 'receiving program', 'refer to provider', 'referred to provider', 'referred to facility', 'refer to facility', 'treatment facility', 'treatment provider', 'facility name', 'facility', 'agency', 'program name', 'consultant', 'specialist', 'refer to organization', 'destination', 'to provider', 'servicing provider', 'performing provider', 'recipient', 'referral recipient', 'provider name'],
    exclude: ['referring', 'referred by', 'ordering', 'requesting', 'phone', 'fax', 'address', 'npi', 'primary care', 'pcp', 'from', 'city', 'state', 'zip', 'type', 'specialty'],
  },
  'provider.address': {
    synonyms: ['facility address', 'provider address', 'receiving address', 'referred to address', 'address of facility', 'receiving facility address', 'agency address', 'program address'],
    exclude: ['referring', 'patient', 'email'],
  },
  'provider.phone': {
    synonyms: ['facility phone', 'provider phone', 'receiving phone', 'referred to phone', 'receiving facility phone', 'agency phone', 'program phone', 'phone of facility', 'receiving provider phone', 'facility telephone'],
    exclude: ['referring', 'patient', 'fax', 'ordering', 'clinician'],
  },
  'referral.specialty': {
    synonyms: ['specialty', 'speciality', 'referred to specialty', 'dept specialty', 'department specialty', 'service type', 'referral type', 'type of referral', 'service requested', 'department', 'type of service', 'service', 'referral specialty', 'service line'],
    exclude: ['provider name', 'date'],
  },
  'referral.reason': {
    synonyms: ['reason for referral', 'referral reason', 'reason', 'clinical indication', 'indication', 'reason for consult', 'reason for consultation', 'clinical question', 'presenting problem', 'purpose of referral', 'reason for request', 'referral reason text'],
    exclude: ['code', 'denial', 'cancel', 'decline', 'diagnosis'],
  },
  'referral.diagnosis': {
    synonyms: ['diagnosis', 'dx', 'icd 10', 'icd10', 'diagnosis code', 'primary diagnosis', 'icd 10 code', 'problem', 'associated diagnosis', 'referral diagnosis', 'icd'],
    exclude: ['date', 'secondary'],
  },
  'referral.urgency': {
    synonyms: ['urgency', 'priority', 'referral priority', 'urgency level', 'priority level', 'order priority', 'timeframe', 'time frame', 'how soon'],
    exclude: [],
  },
  'referral.urgentFlag': {
    synonyms: ['urgent', 'mark as urgent', 'urgent referral', 'stat', 'expedite', 'high priority'],
    exclude: ['non urgent', 'not urgent'],
  },
  'referral.levelOfCare': {
    synonyms: ['level of care', 'asam level', 'recommended level of care', 'loc', 'asam', 'treatment level', 'level of service', 'asam level of care', 'suggested level of care'],
    exclude: [],
  },
  'referral.screening': {
    synonyms: ['screening results', 'screening', 'screening result', 'screening score', 'assessment results', 'sbirt screening', 'screening tool', 'screening summary', 'assessment'],
    exclude: ['date'],
  },
  'referral.notes': {
    synonyms: ['notes', 'comments', 'additional information', 'additional comments', 'clinical notes', 'note', 'comment', 'message', 'additional notes', 'other information', 'remarks', 'notes to provider', 'comments to receiving provider', 'instructions', 'referral notes', 'clinical summary'],
    exclude: ['internal', 'billing', 'scheduling'],
  },
  'referral.date': {
    synonyms: ['referral date', 'date of referral', 'date referred', 'order date', 'request date', 'date', 'today s date', 'date ordered'],
    exclude: ['birth', 'dob', 'appointment', 'expir', 'end', 'start', 'due', 'follow', 'screening date', 'signature'],
  },
  'referral.consentOnFile': {
    synonyms: ['consent on file', 'patient consent obtained', 'consent obtained', 'patient consented', 'consent to release', '42 cfr part 2 consent', 'release of information signed', 'roi on file', 'patient consents to referral', 'consent signed', 'patient agrees to referral', 'patient consent'],
    exclude: ['not', 'declined', 'refused'],
  },
  'clinician.name': {
    synonyms: ['referring provider', 'referring clinician', 'referring physician', 'referred by', 'ordering provider', 'ordering physician', 'requesting provider', 'referring practitioner', 'from provider', 'referral from', 'referring provider name', 'ordering clinician'],
    exclude: ['phone', 'npi', 'fax', 'address', 'signature', 'referred to', 'facility', 'clinic', 'practice', 'organization'],
  },
  'clinician.npi': {
    synonyms: ['referring provider npi', 'npi', 'referring npi', 'ordering provider npi', 'provider npi', 'npi number', 'referring physician npi'],
    exclude: ['referred to', 'receiving', 'facility npi', 'clinic npi', 'organization npi', 'group npi'],
  },
  'clinician.phone': {
    synonyms: ['referring provider phone', 'referring phone', 'ordering provider phone', 'referring clinician phone', 'callback number', 'call back number', 'contact phone referring', 'referring physician phone', 'referring office phone'],
    exclude: ['fax', 'patient', 'receiving', 'referred to'],
  },
  'clinic.name': {
    synonyms: ['referring clinic', 'referring practice', 'referring facility', 'referring organization', 'practice name', 'clinic name', 'referring site', 'referring location', 'ordering facility', 'from clinic'],
    exclude: ['phone', 'npi', 'fax', 'address', 'receiving', 'referred to'],
  },
});
