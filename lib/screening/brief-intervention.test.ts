import { describe, expect, it } from 'vitest';
import { briefInterventionGuide, briefInterventionSteps, framesElements } from './brief-intervention';

describe('brief intervention guide', () => {
  it('covers all six FRAMES elements', () => {
    const used = new Set(briefInterventionGuide.steps.flatMap((s) => s.frames));
    expect([...used].sort()).toEqual(Object.keys(framesElements).sort());
  });
  it('shows the referral step only when the result calls for referral', () => {
    expect(briefInterventionSteps('brief-intervention').map((s) => s.id)).not.toContain('referral');
    expect(briefInterventionSteps('brief-intervention-and-referral').map((s) => s.id)).toContain('referral');
  });
  it('starts with asking permission and ends with follow-up', () => {
    const steps = briefInterventionSteps('brief-intervention');
    expect(steps[0]!.id).toBe('raise-subject');
    expect(steps.at(-1)!.id).toBe('follow-up');
  });
  it('uses no stigmatizing terms (NIDA Words Matter)', () => {
    const text = JSON.stringify(briefInterventionGuide);
    expect(text).not.toMatch(/\b(addict|abuser|alcoholic|junkie|clean|dirty|substance abuse)\b/i);
  });
});
