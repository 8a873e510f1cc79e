/**
 * Security labels for resources that carry substance use disorder information.
 * Codes and displays checked against HL7 Terminology (THO): v3-Confidentiality `R`;
 * v3-ActCode `ETH` ("substance abuse information sensitivity", an HL7 code display quoted as
 * such), `42CFRPart2` (moved into ActCode from the deprecated ActUSPrivacyLaw) and the refrain
 * `NORDSCLCD` ("no redisclosure without consent directive").
 */
export const V3_CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
export const V3_ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export const SUD_SECURITY_LABELS: readonly Coding[] = [
  { system: V3_CONFIDENTIALITY, code: 'R', display: 'restricted' },
  { system: V3_ACT_CODE, code: 'ETH', display: 'substance abuse information sensitivity' },
  { system: V3_ACT_CODE, code: '42CFRPart2', display: '42 CFR Part2' },
  { system: V3_ACT_CODE, code: 'NORDSCLCD', display: 'no redisclosure without consent directive' },
];

/** A fresh copy of the SUD labels for a resource's `meta.security`. */
export function sudSecurityLabels(): Coding[] {
  return SUD_SECURITY_LABELS.map((c) => ({ ...c }));
}
