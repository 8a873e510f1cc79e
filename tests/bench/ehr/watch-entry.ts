// Bundle entry for tests/bench/ehr/watch.bench.mjs: the patient pipeline as the content script uses it.
export { readPatientContext } from '../../../lib/ehr/context';
export { watchPatient } from '../../../lib/ehr/watch.dom';
export { builtInAdapters } from '../../../lib/ehr/adapters';
