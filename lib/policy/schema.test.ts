import { describe, expect, it } from 'vitest';

describe('instrument ids', () => {
  it('are exactly the screening engine’s, so a clinic’s list never names an instrument that does not exist', async () => {
    const { instruments } = await import('../screening/instruments/index');
    const { INSTRUMENT_IDS } = await import('./schema');
    expect([...INSTRUMENT_IDS].sort()).toEqual(instruments.map((i) => i.id).sort());
  });
});
