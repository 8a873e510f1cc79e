import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import base from '../../../wxt.config';

// Same build, unminified with sourcemaps, for attributing the worker's profile to modules.
export default defineConfig({ ...base, vite: () => ({ plugins: [preact()], build: { minify: false, sourcemap: true } }) });
