import { render } from 'preact';
import { OptionsApp } from './OptionsApp';
import '@/components/ui/base.css';

render(<OptionsApp />, document.getElementById('app')!);
