import { render } from 'preact';
import { SidePanelApp } from './SidePanelApp';
import '@/components/ui/base.css';

render(<SidePanelApp />, document.getElementById('app')!);
