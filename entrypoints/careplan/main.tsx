import { render } from 'preact';
import { CarePlanScreen } from './CarePlanScreen';
import '@/components/ui/base.css';

// The care plan on a full page, for one patient named in the URL (careplan.html?patient=<fingerprint>):
// the caseload registry opens it. The same editor as the side panel's Plan pane.
const fingerprint = new URLSearchParams(location.search).get('patient') ?? '';
render(
  <main class="bridge-options" aria-label="Bridge care plan">
    <h1>Care plan</h1>
    {fingerprint.length >= 8 && fingerprint.length <= 128 ? (
      <CarePlanScreen patientFingerprint={fingerprint} />
    ) : (
      <p class="bridge-alert" role="alert">
        This page needs a patient: open the care plan from the side panel or the caseload registry.
      </p>
    )}
  </main>,
  document.getElementById('app')!,
);
