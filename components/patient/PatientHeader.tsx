import type { PatientContext } from '@/lib/ehr/patient';
import { ageOn } from '@/lib/ehr/patient';
import './PatientHeader.css';

const SEX_LABEL = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Sex not stated' } as const;

/** Who Bridge thinks is on the chart, so the clinician can check before acting. */
export function PatientHeader({ patient, today = new Date().toISOString().slice(0, 10) }: { patient: PatientContext; today?: string }) {
  const age = ageOn(patient.birthDate, today);
  return (
    <div class="bridge-card bridge-patient" data-testid="patient-header" aria-label="Current patient">
      <div class="bridge-patient-name">{patient.name}</div>
      <div class="bridge-patient-facts">
        <span>DOB {patient.birthDate ?? 'unknown'}{age !== null ? ` (${age} y)` : ''}</span>
        <span>{SEX_LABEL[patient.sex]}</span>
        <span>MRN {patient.mrn ?? 'unknown'}</span>
        <span>ZIP {patient.postalCode ?? 'unknown'}</span>
      </div>
      {patient.confidence < 0.7 && (
        <p class="bridge-alert" role="alert">
          Bridge is not sure it read this patient correctly ({Math.round(patient.confidence * 100)}%). Check the chart before acting.
        </p>
      )}
    </div>
  );
}
