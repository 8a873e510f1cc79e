import { render } from 'preact';
import { watchCaseload, watchFromNow } from './caseload-source';
import { RegistryApp } from './RegistryApp';
import '@/components/ui/base.css';

// The read starts before the first render, so it overlaps the page's start-up.
render(<RegistryApp watch={watchFromNow(watchCaseload)} />, document.getElementById('app')!);
