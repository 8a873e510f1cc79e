import type { CarePlanInput } from './plan';

/**
 * Test support (imported only by tests): a complete, made-up care plan (no real person) with a
 * problem from a screening and one from the DSM-5 checklist, a goal in the patient's words, MOUD,
 * peer support and a referral, and a team that includes the patient and a support person.
 */
export function samplePlanInput(overrides: Partial<CarePlanInput> = {}): CarePlanInput {
  return {
    id: 'plan-0001',
    patientFingerprint: 'fp-abcdef0123',
    problems: [
      { id: 'p-audit', source: 'screening', description: 'High-risk alcohol use (AUDIT-C 9 of 12)', instrumentId: 'audit-c', score: 9, identifiedOn: '2026-11-20' },
      {
        id: 'p-aud',
        source: 'dsm5',
        description: 'alcohol use disorder, moderate',
        icd: { code: 'F10.20', title: 'Alcohol dependence, uncomplicated' },
        identifiedOn: '2026-11-20',
      },
    ],
    goals: [
      {
        id: 'g-drive',
        patientWords: 'I want to be sober enough to drive my kids to school every morning.',
        targetDate: '2027-02-20',
        problemIds: ['p-audit', 'p-aud'],
        measure: { instrumentId: 'audit-c', target: 3, direction: 'decrease' },
      },
    ],
    interventions: [
      { id: 'i-naltrexone', kind: 'moud', description: 'Talk about naltrexone at the next visit', goalIds: ['g-drive'], assignedTo: 'm-pcp', status: 'planned' },
      { id: 'i-peer', kind: 'peer-support', description: 'SMART Recovery meeting, Thursdays 6 pm', goalIds: ['g-drive'], assignedTo: 'm-peer', frequency: 'weekly' },
      { id: 'i-ref', kind: 'referral', description: 'Intensive outpatient program at Harbor Recovery Center', goalIds: ['g-drive'], referralId: 'ref-0001', directoryProviderId: 'prov-harbor' },
    ],
    careTeam: [
      { id: 'm-patient', role: 'patient', name: 'Jane Q Testpatient', responsibilities: ['Sets the goals', 'Keeps a drink diary'] },
      { id: 'm-support', role: 'support-person', name: 'Sam Testpatient', contact: { phone: '(617) 555-0199' }, responsibilities: ['Drives Jane to meetings'] },
      { id: 'm-pcp', role: 'primary-care-clinician', name: 'Dr. Ana Rivera', organisation: 'Riverside Family Medicine', contact: { phone: '(617) 555-0100' }, responsibilities: ['Prescribes and monitors medication'] },
      { id: 'm-bhcm', role: 'behavioral-health-care-manager', name: 'Lee Carter, LICSW', organisation: 'Riverside Family Medicine', responsibilities: ['Calls every 2 weeks', 'Repeats the AUDIT-C monthly'] },
      { id: 'm-peer', role: 'peer-recovery-specialist', name: 'Morgan Diaz, CPRS', organisation: 'Harbor Recovery Center', responsibilities: ['Meets Jane weekly'] },
    ],
    decisions: [
      {
        id: 'd-1',
        on: '2026-11-23',
        topic: 'Medication for alcohol use disorder',
        optionsDiscussed: ['Naltrexone', 'Acamprosate', 'No medication for now'],
        patientPreference: 'Wants to read about naltrexone and decide at the next visit.',
        recordedBy: 'm-pcp',
      },
    ],
    reviewIntervalDays: 28,
    lastContactOn: '2026-11-23',
    nextContactDue: '2026-12-07',
    ...overrides,
  };
}
