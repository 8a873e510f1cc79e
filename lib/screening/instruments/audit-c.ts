import { defineInstrument } from '../instrument';
import { auditQ1, auditQ2, auditQ3, whoAuditLicence, whoAuditSource, whoAuditWording } from './audit-items';
import { defineWording } from './wording';

/**
 * AUDIT-C: the three consumption questions of the WHO AUDIT, scored 0–12.
 * Wording and points: WHO AUDIT manual 2001 (see audit-items.ts), including its rule to skip the
 * quantity questions when the patient never drinks.
 * Cut-offs: Bush K et al., Arch Intern Med 1998;158(16):1789-95; Bradley KA et al., Alcohol Clin
 * Exp Res 2007;31(7):1208-17 (≥4 men, ≥3 women; some systems use ≥5 for men for specificity).
 * Score 8–12 as the highest-risk band: Rubinsky AD et al., Alcohol Clin Exp Res
 * 2013;37(8):1380-90 (probability of alcohol dependence rises steeply at 8+).
 * LOINC: panel 72109-2, items 68518-0 / 68519-8 / 68520-6 (set in audit-items.ts), total 75626-2;
 * loinc.org/75626-2 lists 75626-2 as a member of panel 72109-2.
 */
export const auditC = defineInstrument({
  id: 'audit-c',
  name: 'AUDIT-C (Alcohol Use Disorders Identification Test – Consumption)',
  shortName: 'AUDIT-C',
  version: 'WHO AUDIT 2nd ed. 2001, items 1–3',
  source: `${whoAuditSource} Bush K et al. Arch Intern Med 1998;158:1789-95. Bradley KA et al. Alcohol Clin Exp Res 2007;31:1208-17.`,
  ages: { min: 18 },
  introKey: 'audit_intro',
  loinc: { panel: '72109-2', total: '75626-2' },
  items: [auditQ1, auditQ2, auditQ3],
  scoring: {
    total: { kind: 'sum', items: ['q1', 'q2', 'q3'] },
    range: { min: 0, max: 12 },
    description: 'Sum of the three consumption questions (0–4 each); skipped questions count 0.',
  },
  cutoffs: [
    {
      id: 'audit-c.men',
      when: { sex: ['male'] },
      atLeast: 4,
      allowed: { min: 3, max: 7 },
      source: 'Bradley et al. 2007: ≥4 for men',
    },
    {
      id: 'audit-c.women',
      when: { sex: ['female'] },
      atLeast: 3,
      allowed: { min: 2, max: 7 },
      source: 'Bradley et al. 2007: ≥3 for women',
    },
    {
      // With sex unknown the lower (more sensitive) cut-off is used, so no one at risk is missed.
      id: 'audit-c.sex-unknown',
      atLeast: 3,
      allowed: { min: 2, max: 7 },
      source: 'Bradley et al. 2007: the lower cut-off (≥3) when sex is not recorded',
    },
  ],
  riskLevels: [
    {
      id: 'no-use',
      label: 'No alcohol in the past year',
      when: { answer: 'q1', is: 'never' },
      action: 'positive-feedback',
      guidance: 'Reinforce the choice not to drink; rescreen yearly.',
    },
    {
      id: 'lower-risk',
      label: 'Lower-risk drinking',
      when: { score: { below: 'positive-cutoff' } },
      action: 'positive-feedback',
      guidance: 'Below the cut-off: give positive feedback and the low-risk drinking limits.',
    },
    {
      id: 'at-risk',
      label: 'At-risk drinking',
      when: { score: { atLeast: 'positive-cutoff', below: 8 } },
      action: 'brief-intervention',
      guidance: 'Positive screen: brief intervention (feedback, advice, goal, follow-up); consider the full AUDIT.',
    },
    {
      id: 'high-risk',
      label: 'High risk: possible alcohol use disorder',
      when: { score: { atLeast: 8 } },
      action: 'brief-intervention-and-referral',
      guidance: 'Score 8–12: brief intervention, assess for alcohol use disorder (DSM-5 checklist) and offer referral to treatment.',
    },
  ],
  followUps: [
    {
      when: { score: { atLeast: 8 } },
      instrumentIds: ['audit'],
      reason: 'AUDIT-C 8 or more: the full AUDIT separates harmful use from likely dependence.',
    },
  ],
  licence: whoAuditLicence,
});

/** Where AUDIT-C's words come from: its three questions are the AUDIT's (see audit-items.ts). */
export const auditCWording = defineWording({ instrumentId: 'audit-c', ...whoAuditWording });
