import { DEMO, expect, tabIdOf, test } from './fixtures';
import { overlayTexts } from './closed-shadow';

// Issue 3: on every page style of the demo EHR, the side panel shows the patient the chart shows.
const styles = [
  { style: 'server-rendered chart (definition list banner)', path: '/chart/p08', name: "Siobhan O'Brien", facts: ['DOB 1979-04-05', 'Female', 'MRN MRN-100241', 'ZIP 06510'] },
  { style: 'single-page app (key above value)', path: '/spa/patient/p16', name: 'Wei Chen', facts: ['DOB 1990-01-25', 'Male', 'MRN MRN-100249', 'ZIP 94133'] },
  { style: 'chart with the order form in an iframe (table banner, ZIP+4)', path: '/iframe-chart/p13', name: 'Gabriela Lopez', facts: ['DOB 2007-11-11', 'Female', 'MRN MRN-100246', 'ZIP 00911'] },
];

for (const { style, path, name, facts } of styles) {
  test(`the right patient on a ${style}`, async ({ context, openExtensionPage }) => {
    const chart = await context.newPage();
    await chart.goto(`${DEMO}${path}`);
    await expect.poll(() => overlayTexts(chart, '.bridge-prompt-text')).toHaveLength(1);
    const panel = await openExtensionPage(`sidepanel.html?tab=${await tabIdOf(context, chart)}`);
    const header = panel.getByTestId('patient-header');
    await expect(header).toContainText(name);
    for (const fact of facts) await expect(header).toContainText(fact);
  });
}
