import { levelOfCareLabel, type ReferralPacket } from './packet';
import type { ReferralRecord } from './status';

const URGENCY_WORDS: Record<ReferralPacket['urgency'], string> = {
  routine: 'Routine',
  urgent: 'Urgent',
  asap: 'As soon as possible',
  stat: 'Immediate (stat)',
};

/** A packet's urgency in words a receiving clinic reads the same way. */
export function urgencyLabel(urgency: ReferralPacket['urgency']): string {
  return URGENCY_WORDS[urgency];
}

/** "moderate risk (AUDIT-C 5 of 12, positive), completed 2026-11-20". */
export function screeningLine(packet: ReferralPacket): string {
  const s = packet.screening;
  return (
    `${s.instrumentName}: ${s.score} of ${s.maxScore}, ${s.riskLevel}` +
    ` (${s.positive ? 'positive screen' : 'negative screen'}), completed ${s.completedAt.slice(0, 10)}`
  );
}

/** One section of the letter: a heading and its lines, so text and printed forms match. */
export interface LetterSection {
  heading: string;
  lines: string[];
}

/**
 * The letter as sections, in the order a receiving clinic reads them. The template's own words
 * follow NIDA "Words Matter" (person-first, no "abuse"/"addict"/"clean"); the clinician's reason
 * and notes are quoted as written.
 */
export function referralLetterSections(packet: ReferralPacket): LetterSection[] {
  const p = packet.patient;
  const sections: LetterSection[] = [
    {
      heading: 'Referral for substance use treatment',
      lines: [
        `Date: ${packet.createdAt.slice(0, 10)}`,
        `Urgency: ${urgencyLabel(packet.urgency)}`,
        `From: ${packet.referringClinician.name}${packet.referringClinician.npi ? ` (NPI ${packet.referringClinician.npi})` : ''}, ${packet.clinic.name}`,
        ...(packet.clinic.address ? [packet.clinic.address] : []),
        ...(packet.referringClinician.phone ? [`Phone: ${packet.referringClinician.phone}`] : []),
      ],
    },
    {
      heading: packet.providers.length > 1 ? 'Referred to (any of)' : 'Referred to',
      lines: packet.providers.flatMap((v) => [
        v.name,
        ...(v.address ? [v.address] : []),
        ...(v.phone ? [`Phone: ${v.phone}`] : []),
        ...(v.website ? [v.website] : []),
      ]),
    },
    {
      heading: 'Patient',
      lines: [
        `Name: ${p.name}`,
        ...(p.birthDate ? [`Date of birth: ${p.birthDate}`] : []),
        ...(p.mrn ? [`MRN: ${p.mrn}`] : []),
      ],
    },
    { heading: 'Reason for referral', lines: [packet.reason] },
    { heading: 'Screening', lines: [screeningLine(packet)] },
  ];
  if (packet.diagnoses.length) {
    sections.push({
      heading: 'Suggested diagnosis (confirmed by the referring clinician)',
      lines: packet.diagnoses.map((d) => `${d.code} ${d.display}`),
    });
  }
  if (packet.levelOfCare) {
    sections.push({ heading: 'Suggested level of care', lines: [levelOfCareLabel(packet.levelOfCare)] });
  }
  if (packet.notes.trim()) sections.push({ heading: 'Notes', lines: [packet.notes.trim()] });
  sections.push({
    heading: 'Please let us know',
    lines: [
      'Please tell us when the person is scheduled and seen, or if you cannot accept this referral, so we can help them find another provider.',
    ],
  });
  sections.push({ heading: 'Confidentiality notice (42 CFR § 2.32)', lines: [packet.redisclosureNotice] });
  return sections;
}

/** The referral letter as plain text, for "copy as text" and for a letter body. */
export function referralLetterText(packet: ReferralPacket): string {
  return referralLetterSections(packet)
    .map((s) => `${s.heading.toUpperCase()}\n${s.lines.join('\n')}`)
    .join('\n\n');
}

const CSV_COLUMNS = [
  'referral_id',
  'created_at',
  'patient_name',
  'patient_mrn',
  'patient_birth_date',
  'provider',
  'provider_phone',
  'urgency',
  'instrument',
  'score',
  'risk_level',
  'status',
  'status_since',
  'appointment_on',
  'follow_up_on',
] as const;

function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading = + - @ would run as a formula when the clinic opens the file in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * The referrals as RFC 4180 CSV (every cell quoted, CRLF line ends, header first), one row per
 * referral, providers joined with "; ". Cells that a spreadsheet would run as formulas are
 * prefixed with an apostrophe.
 */
export function referralCsv(referrals: readonly ReferralRecord[]): string {
  const rows = referrals.map((r) => {
    const p = r.packet;
    const last = r.history[r.history.length - 1];
    return [
      r.id,
      p.createdAt,
      p.patient.name,
      p.patient.mrn,
      p.patient.birthDate,
      p.providers.map((v) => v.name).join('; '),
      p.providers.map((v) => v.phone).join('; '),
      p.urgency,
      p.screening.instrumentName,
      p.screening.score,
      p.screening.riskLevel,
      r.status,
      last?.at ?? '',
      r.appointmentOn,
      r.followUpOn,
    ]
      .map(csvCell)
      .join(',');
  });
  return [CSV_COLUMNS.map(csvCell).join(','), ...rows].join('\r\n') + '\r\n';
}
