import { render } from 'preact';
import { HandoutApp } from './HandoutApp';
import '@/components/ui/base.css';
import './handout.css';

// The patient handout, printed in the patient's language: handout.html?patient=<fingerprint>&lang=en|es.
render(<HandoutApp search={location.search} />, document.getElementById('app')!);
