import { render } from 'preact';
import { ReferralsApp } from './ReferralsApp';
import '@/components/ui/base.css';

render(<ReferralsApp />, document.getElementById('app')!);
