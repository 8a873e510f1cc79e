// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { builtInAdapters } from './index';
import { locateReferralForm } from './referral-form';

const html = (name: string) => readFileSync(join(process.cwd(), 'tests/fixtures/ehr', name), 'utf8');
const parse = (text: string) => new DOMParser().parseFromString(text, 'text/html');

test('classic referral page: every declared field, radios as a group', () => {
  const r = locateReferralForm(parse(html('demo-classic-referral-p07.html')), 'http://127.0.0.1:4321/chart/p07/referral', builtInAdapters);
  expect(r?.adapterId).toBe('demo-classic');
  expect(r?.missing).toEqual([]);
  expect(r?.fields.levelOfCare).toHaveLength(4);
  expect(r?.fields.referredTo?.[0]?.id).toBe('ref-to');
});

test('not on the chart summary page, whose path is not a form page', () => {
  expect(locateReferralForm(parse(html('demo-classic-chart-p01.html')), 'http://127.0.0.1:4321/chart/p01', builtInAdapters)).toBeNull();
});

test('iframe chart: the form is found inside the same-origin frame', () => {
  const top = parse(html('demo-iframe-chart-p03.html'));
  const frame = top.getElementById('order-frame') as HTMLIFrameElement;
  // happy-dom does not load frames; hand the frame the document the browser would.
  Object.defineProperty(frame, 'contentDocument', { value: parse(html('demo-iframe-referral-frame-p03.html')) });
  const r = locateReferralForm(top, 'http://127.0.0.1:4321/iframe-chart/p03', builtInAdapters);
  expect(r?.adapterId).toBe('demo-iframe');
  expect(r?.missing).toEqual([]);
  expect(r?.document).not.toBe(top);
  expect((r?.fields.urgency?.[0] as HTMLSelectElement).name).toBe('priority');
});
