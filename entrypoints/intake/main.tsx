import { render } from 'preact';
import { IntakeApp } from './IntakeApp';
import '@/components/ui/base.css';
import './intake.css';

// The patient self-screen: a full tab a nurse hands to the patient, locked to the patient and the
// EHR tab named in its URL (intake.html?tab=<tabId>&fp=<fingerprint>&lang=en|es&instrument=<id>).
render(<IntakeApp search={location.search} />, document.getElementById('app')!);
