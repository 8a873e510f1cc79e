import { defineInstrument } from '../instrument';
import { auditQ1, auditQ10, auditQ2, auditQ3, auditQ4toQ8, auditQ9, whoAuditLicence, whoAuditSource, whoAuditWording } from './audit-items';
import { defineWording } from './wording';

/**
 * AUDIT, the WHO Alcohol Use Disorders Identification Test (10 items, 0–40).
 * Source: WHO AUDIT manual, 2nd ed. 2001: questions and points (Box 4), skip rules, the cut-off
 * of 8 for hazardous and harmful use, the three domains (Table 1) and the four risk zones with
 * their interventions (Table 6: Zone I alcohol education; II simple advice; III simple advice
 * plus brief counselling and continued monitoring; IV referral to specialist for diagnostic
 * evaluation and treatment).
 * LOINC: panel 72110-0, total 75624-7, item codes as LOINC lists them for the panel (set in
 * audit-items.ts; source cdn.loinc.org/72110-0).
 */
export const audit = defineInstrument({
  id: 'audit',
  name: 'AUDIT (Alcohol Use Disorders Identification Test)',
  shortName: 'AUDIT',
  version: 'WHO AUDIT 2nd ed. 2001',
  source: whoAuditSource,
  ages: { min: 18 },
  introKey: 'audit_intro',
  loinc: { panel: '72110-0', total: '75624-7' },
  items: [auditQ1, auditQ2, auditQ3, ...auditQ4toQ8, auditQ9, auditQ10],
  scoring: {
    total: { kind: 'sum', items: ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9', 'q10'] },
    subscores: [
      { id: 'hazardous-use', label: 'Hazardous alcohol use (1–3)', kind: 'sum', items: ['q1', 'q2', 'q3'] },
      { id: 'dependence-symptoms', label: 'Dependence symptoms (4–6)', kind: 'sum', items: ['q4', 'q5', 'q6'] },
      { id: 'harmful-use', label: 'Harmful alcohol use (7–10)', kind: 'sum', items: ['q7', 'q8', 'q9', 'q10'] },
    ],
    range: { min: 0, max: 40 },
    description: 'Sum of 10 items: 1–8 score 0–4, 9–10 score 0, 2 or 4; skipped items count 0.',
  },
  cutoffs: [
    {
      id: 'audit.everyone',
      atLeast: 8,
      allowed: { min: 6, max: 10 },
      source: 'WHO AUDIT manual 2001: 8 or more indicates hazardous or harmful alcohol use',
    },
  ],
  riskLevels: [
    {
      id: 'zone-1',
      label: 'Zone I: low risk',
      when: { score: { below: 8 } },
      action: 'positive-feedback',
      guidance: 'Alcohol education (WHO Zone I, 0–7).',
    },
    {
      id: 'zone-2',
      label: 'Zone II: hazardous use',
      when: { score: { atLeast: 8, below: 16 } },
      action: 'brief-intervention',
      guidance: 'Simple advice (WHO Zone II, 8–15).',
    },
    {
      id: 'zone-3',
      label: 'Zone III: harmful use',
      when: { score: { atLeast: 16, below: 20 } },
      action: 'brief-intervention',
      guidance: 'Simple advice plus brief counselling and continued monitoring (WHO Zone III, 16–19).',
    },
    {
      id: 'zone-4',
      label: 'Zone IV: possible alcohol dependence',
      when: { score: { atLeast: 20 } },
      action: 'brief-intervention-and-referral',
      guidance: 'Referral to a specialist for diagnostic evaluation and treatment (WHO Zone IV, 20–40).',
    },
  ],
  licence: whoAuditLicence,
});

/** Where the AUDIT's words come from (see audit-items.ts). */
export const auditWording = defineWording({ instrumentId: 'audit', ...whoAuditWording });
