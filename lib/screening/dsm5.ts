import { z } from 'zod';

/**
 * DSM-5 substance use disorder criteria, paraphrased (not quoted) from: American Psychiatric
 * Association. Diagnostic and Statistical Manual of Mental Disorders, 5th ed. (DSM-5), 2013,
 * "Substance-Related and Addictive Disorders"; unchanged in DSM-5-TR (2022). A problematic pattern
 * of use leading to clinically significant impairment or distress, shown by at least 2 criteria
 * within a 12-month period. Severity: 2–3 mild, 4–5 moderate, 6 or more severe.
 * Tolerance and withdrawal do not count when they occur only with medication taken as prescribed
 * under medical supervision (opioids, sedatives, stimulants). Hallucinogen and inhalant use
 * disorders have no withdrawal criterion.
 */
export const dsm5CriterionSchema = z.strictObject({
  id: z.string(),
  number: z.number().int().min(1).max(11),
  text: z.string().min(1),
  /** Not counted when the medication was taken as prescribed under medical supervision. */
  excludedWhenPrescribed: z.boolean().default(false),
});
export type Dsm5Criterion = z.infer<typeof dsm5CriterionSchema>;

export const dsm5Criteria: readonly Dsm5Criterion[] = z.array(dsm5CriterionSchema).length(11).parse([
  { id: 'larger-amounts', number: 1, text: 'Often used in larger amounts or over a longer period than intended.' },
  { id: 'cut-down', number: 2, text: 'A persistent wish, or unsuccessful efforts, to cut down or control use.' },
  { id: 'time-spent', number: 3, text: 'A great deal of time spent getting, using, or recovering from the substance.' },
  { id: 'craving', number: 4, text: 'Craving: a strong desire or urge to use.' },
  { id: 'role-obligations', number: 5, text: 'Repeated use leading to failure to meet major obligations at work, school or home.' },
  { id: 'social-problems', number: 6, text: 'Continued use despite persistent or recurring social or relationship problems caused or made worse by it.' },
  { id: 'activities-given-up', number: 7, text: 'Important social, work or leisure activities given up or reduced because of use.' },
  { id: 'hazardous-use', number: 8, text: 'Repeated use in situations where it is physically hazardous.' },
  { id: 'despite-problems', number: 9, text: 'Continued use despite knowing of a persistent physical or psychological problem likely caused or made worse by it.' },
  { id: 'tolerance', number: 10, text: 'Tolerance: needing markedly more for the same effect, or less effect from the same amount.', excludedWhenPrescribed: true },
  { id: 'withdrawal', number: 11, text: 'Withdrawal: the characteristic withdrawal syndrome, or using to relieve or avoid withdrawal.', excludedWhenPrescribed: true },
]);

/**
 * Substance classes with their ICD-10-CM category (ICD-10-CM, CMS/NCHS, FY2024 tabular list,
 * chapter 5, F10–F19) and the DSM-5 disorder name used in Bridge's own text.
 */
export const substanceClassSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  disorder: z.string(),
  icdCategory: z.string().regex(/^F1\d$/),
  icdTitle: z.string(),
  hasWithdrawalCriterion: z.boolean(),
  /** Whether medical use exists, so tolerance/withdrawal under prescription may be excluded. */
  prescribable: z.boolean(),
});
export type SubstanceClass = z.infer<typeof substanceClassSchema>;

export const substanceClasses: readonly SubstanceClass[] = z.array(substanceClassSchema).parse([
  { id: 'alcohol', name: 'Alcohol', disorder: 'alcohol use disorder', icdCategory: 'F10', icdTitle: 'Alcohol related disorders', hasWithdrawalCriterion: true, prescribable: false },
  { id: 'opioids', name: 'Opioids', disorder: 'opioid use disorder', icdCategory: 'F11', icdTitle: 'Opioid related disorders', hasWithdrawalCriterion: true, prescribable: true },
  { id: 'cannabis', name: 'Cannabis', disorder: 'cannabis use disorder', icdCategory: 'F12', icdTitle: 'Cannabis related disorders', hasWithdrawalCriterion: true, prescribable: false },
  { id: 'sedatives', name: 'Sedatives, hypnotics or anxiolytics', disorder: 'sedative, hypnotic, or anxiolytic use disorder', icdCategory: 'F13', icdTitle: 'Sedative, hypnotic, or anxiolytic related disorders', hasWithdrawalCriterion: true, prescribable: true },
  { id: 'cocaine', name: 'Cocaine', disorder: 'cocaine use disorder', icdCategory: 'F14', icdTitle: 'Cocaine related disorders', hasWithdrawalCriterion: true, prescribable: false },
  { id: 'other-stimulants', name: 'Other stimulants (amphetamine-type)', disorder: 'stimulant use disorder', icdCategory: 'F15', icdTitle: 'Other stimulant related disorders', hasWithdrawalCriterion: true, prescribable: true },
  { id: 'hallucinogens', name: 'Hallucinogens', disorder: 'hallucinogen use disorder', icdCategory: 'F16', icdTitle: 'Hallucinogen related disorders', hasWithdrawalCriterion: false, prescribable: false },
  { id: 'tobacco', name: 'Tobacco / nicotine', disorder: 'tobacco use disorder', icdCategory: 'F17', icdTitle: 'Nicotine dependence', hasWithdrawalCriterion: true, prescribable: false },
  { id: 'inhalants', name: 'Inhalants', disorder: 'inhalant use disorder', icdCategory: 'F18', icdTitle: 'Inhalant related disorders', hasWithdrawalCriterion: false, prescribable: false },
  { id: 'other', name: 'Other or unknown substance', disorder: 'other (or unknown) substance use disorder', icdCategory: 'F19', icdTitle: 'Other psychoactive substance related disorders', hasWithdrawalCriterion: true, prescribable: true },
]);

export type Dsm5Severity = 'none' | 'mild' | 'moderate' | 'severe';
/** DSM-5 remission specifiers: early (3 to <12 months) or sustained (12+ months) without criteria other than craving. */
export type Remission = 'none' | 'early' | 'sustained';

/** The noun ICD-10-CM uses in each F1x code title. */
const icdNoun: Record<string, string> = {
  F10: 'Alcohol', F11: 'Opioid', F12: 'Cannabis', F13: 'Sedative, hypnotic or anxiolytic', F14: 'Cocaine',
  F15: 'Other stimulant', F16: 'Hallucinogen', F18: 'Inhalant', F19: 'Other psychoactive substance',
};

export interface IcdSuggestion {
  code: string;
  /** The ICD-10-CM code title, quoted as a code title (it says "abuse"/"dependence"; Bridge's own text does not). */
  codeTitle: string;
  /** Always true: Bridge suggests, the clinician confirms. */
  requiresClinicianConfirmation: true;
  note?: string;
}

export interface Dsm5Assessment {
  substance: SubstanceClass;
  /** Criteria counted (excluding ones that do not apply to this substance or to prescribed use). */
  criteriaMet: string[];
  count: number;
  severity: Dsm5Severity;
  /** e.g. "alcohol use disorder, mild" or "alcohol use disorder, moderate, in early remission". */
  description: string;
  icd: IcdSuggestion | null;
}

/** Thrown for an unknown criterion or substance id. */
export class Dsm5InputError extends Error {
  override readonly name = 'Dsm5InputError';
}

/** DSM-5 severity from the number of criteria met: 0–1 none, 2–3 mild, 4–5 moderate, 6+ severe. */
export function dsm5Severity(count: number): Dsm5Severity {
  if (count >= 6) return 'severe';
  if (count >= 4) return 'moderate';
  if (count >= 2) return 'mild';
  return 'none';
}

/**
 * Severity and an ICD-10-CM code suggestion from the criteria the clinician ticked.
 * Mild → F1x.10, moderate or severe → F1x.20; in remission → .11 / .21 (ICD-10-CM FY2024 and the
 * DSM-5-TR coding notes). Tobacco differs, as the primary sources do: moderate/severe tobacco use
 * disorder is F17.200 (F17.201 in remission); mild has no F17 code (DSM-5-TR: Z72.0 tobacco use).
 * Remission only applies when full criteria were met before; with `remission` set, the ticked
 * criteria describe the disorder as it was (DSM-5: remission allows craving only).
 */
export function assessDsm5(input: {
  substanceId: string;
  criteriaMet: readonly string[];
  remission?: Remission;
  /** True when tolerance/withdrawal occurred only with medication taken as prescribed. */
  takenAsPrescribed?: boolean;
}): Dsm5Assessment {
  const substance = substanceClasses.find((s) => s.id === input.substanceId);
  if (!substance) {
    throw new Dsm5InputError(`Unknown substance '${input.substanceId}'. Use one of: ${substanceClasses.map((s) => s.id).join(', ')}.`);
  }
  for (const id of input.criteriaMet) {
    if (!dsm5Criteria.some((c) => c.id === id)) throw new Dsm5InputError(`Unknown DSM-5 criterion '${id}'.`);
  }
  const counted = dsm5Criteria
    .filter((c) => input.criteriaMet.includes(c.id))
    .filter((c) => c.id !== 'withdrawal' || substance.hasWithdrawalCriterion)
    .filter((c) => !(c.excludedWhenPrescribed && input.takenAsPrescribed && substance.prescribable))
    .map((c) => c.id);
  const severity = dsm5Severity(counted.length);
  const remission = input.remission ?? 'none';
  const remissionText = remission === 'none' ? '' : `, in ${remission} remission`;
  const description =
    severity === 'none'
      ? `Criteria for ${substance.disorder} not met (${counted.length} of 11; 2 needed)`
      : `${substance.disorder}, ${severity}${remissionText}`;
  return { substance, criteriaMet: counted, count: counted.length, severity, description, icd: icdSuggestion(substance, severity, remission) };
}

function icdSuggestion(substance: SubstanceClass, severity: Dsm5Severity, remission: Remission): IcdSuggestion | null {
  if (severity === 'none') return null;
  const inRemission = remission !== 'none';
  if (substance.icdCategory === 'F17') {
    if (severity === 'mild') {
      return {
        code: 'Z72.0',
        codeTitle: 'Tobacco use',
        requiresClinicianConfirmation: true,
        note: 'ICD-10-CM has no F17 code for mild tobacco use disorder; DSM-5-TR codes it Z72.0.',
      };
    }
    return {
      code: inRemission ? 'F17.201' : 'F17.200',
      codeTitle: `Nicotine dependence, unspecified, ${inRemission ? 'in remission' : 'uncomplicated'}`,
      requiresClinicianConfirmation: true,
      note: 'Choose the product-specific F17.2- code (cigarettes, chewing tobacco, other) if known.',
    };
  }
  const suffix = `${severity === 'mild' ? '.1' : '.2'}${inRemission ? '1' : '0'}`;
  const dependence = severity !== 'mild';
  return {
    code: `${substance.icdCategory}${suffix}`,
    codeTitle: `${icdNoun[substance.icdCategory]} ${dependence ? 'dependence' : 'abuse'}, ${inRemission ? 'in remission' : 'uncomplicated'}`,
    requiresClinicianConfirmation: true,
  };
}
