// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../policy/parse';
import { readPatientContext } from '../context';
import { adapterFromPolicy } from './from-policy';
import { parsePolicyAdapters } from './policy';

const clinicPolicy = {
  ehrAdapters: [
    {
      id: 'clinic-chart',
      label: 'Clinic EHR chart',
      urlPatterns: ['https://ehr.example.org/chart/*'],
      banner: '#pt',
      fields: { name: '.who', birthDate: '.born', sex: '.sx', mrn: '.chart-no', postalCode: '.addr' },
      referralForm: { frame: 'iframe#referral', fields: { reason: 'textarea[name="reason"]', providerName: '#to', favouriteColour: '#c' } },
    },
  ],
};

describe('adapters from managed policy', () => {
  it('an adapter the policy schema accepts is accepted by the pipeline and reads the clinic page', () => {
    const { policy, warnings } = parsePolicy(clinicPolicy);
    expect(warnings).toEqual([]);
    const converted = policy.ehrAdapters!.map(adapterFromPolicy);
    expect(converted[0]!.dropped).toEqual(['referralForm.fields.favouriteColour: not a referral field Bridge fills']);
    const { adapters, problems } = parsePolicyAdapters(converted.map((c) => c.adapter));
    expect(problems).toEqual([]);
    expect(adapters[0]).toMatchObject({ id: 'policy-clinic-chart', hostPatterns: ['ehr.example.org'], urlPatterns: ['/chart/*'], referralForm: { frame: 'iframe#referral', fields: { reason: 'textarea[name="reason"]', referredTo: '#to' } } });

    const doc = new DOMParser().parseFromString(
      `<body><div id="pt"><span class="who">Okafor, James</span> <span class="born">11/02/1971</span> <span class="sx">M</span> <span class="chart-no">A-77</span> <span class="addr">Cleveland OH 44115</span></div></body>`,
      'text/html',
    );
    const reading = readPatientContext(doc, 'https://ehr.example.org/chart/77', { policyAdapters: adapters });
    expect(reading.via).toBe('adapter:policy-clinic-chart');
    expect(reading.context).toMatchObject({ birthDate: '1971-11-02', sex: 'male', mrn: 'A-77', postalCode: '44115' });
    expect(readPatientContext(doc, 'https://other.example.org/chart/77', { policyAdapters: adapters }).via).toBe('generic');
  });
});
