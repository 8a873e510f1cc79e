import { render } from 'preact';
import { RegistryApp } from './RegistryApp';
import '@/components/ui/base.css';

render(<RegistryApp />, document.getElementById('app')!);
