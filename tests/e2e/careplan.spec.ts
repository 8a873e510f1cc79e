/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON is walked freely; ajv types it. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { fhirR4Validator } from '../support/fhir-r4-schema';
import { DEMO, expect, tabIdOf, test } from './fixtures';
import { auditDetails, HARBOR, patientOnTab, recordConsent, sendFrom } from './referral-steps';
import { seriousAxeViolations } from './a11y';

mkdirSync('test-results', { recursive: true });

// The shared care plan, end to end in Chromium on the demo EHR: build a plan in the side panel's
// Plan pane by keyboard (two care team members besides the patient, a goal in the patient's
// words, peer support), save with Ctrl+S, reload and find it with its versions; export it as FHIR
// (validated); import a colleague's changed plan with a preview; refuse a plan for another
// patient; print the Spanish handout (the print dialog itself is stubbed: headless Chromium
// cannot show it).

async function openPlan(context: any, openExtensionPage: (path: string) => Promise<Page>, chartPath: string) {
  const chart = await context.newPage();
  await chart.goto(`${DEMO}${chartPath}`);
  const tabId = await tabIdOf(context, chart);
  await expect.poll(() => patientOnTab(context, tabId), { timeout: 15_000 }).not.toBeNull();
  const panel = await openExtensionPage(`sidepanel.html?tab=${tabId}`);
  await panel.setViewportSize({ width: 460, height: 1200 });
  const fingerprint = (await panel.getByTestId('workspace').getAttribute('data-fingerprint'))!;
  return { chart, tabId, panel, fingerprint };
}

test('plan by keyboard, versions, FHIR export and import with preview, wrong patient refused, Spanish handout', async ({ context, openExtensionPage }) => {
  test.setTimeout(120_000);
  const { chart, tabId, panel, fingerprint } = await openPlan(context, openExtensionPage, '/chart/p01');
  // A positive AUDIT-C and a chosen place, as the Screen and Find treatment panes would store them.
  for (const answers of [{ q1: '4-plus-a-week', q2: '5-6', q3: 'weekly' }]) {
    const saved = await sendFrom(panel, 'screening.save', { tabId, patientFingerprint: fingerprint, instrumentId: 'audit-c', answers, mode: 'clinician' });
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
  }
  expect((await sendFrom(panel, 'draft.save', { kind: 'referral', patientFingerprint: fingerprint, data: { providers: [HARBOR] } })).ok).toBe(true);

  await panel.getByRole('tab', { name: 'Plan' }).click();
  const pane = panel.getByTestId('plan-pane');
  await expect(pane.getByTestId('plan-status')).toContainText('No plan saved yet.');
  // The patient is on the team from the start, by the chart's name.
  await expect(pane.getByTestId('plan-team')).toContainText('Ana Lucia Rivera');

  // Two team members, by keyboard: type, Tab to the next field, Enter adds.
  const team = pane.getByTestId('plan-team');
  await team.getByLabel('Role').selectOption('behavioral-health-care-manager');
  await team.getByLabel('Name', { exact: true }).focus();
  await panel.keyboard.type('Lee Carter, LICSW');
  await panel.keyboard.press('Tab');
  await panel.keyboard.type('Rivera Family Clinic');
  await panel.keyboard.press('Tab');
  await panel.keyboard.type('(617) 555-0100');
  await panel.keyboard.press('Enter');
  await expect(team.getByLabel('Role')).toBeFocused();
  await team.getByLabel('Role').selectOption('support-person');
  await team.getByLabel('Name', { exact: true }).focus();
  await panel.keyboard.type('Marta Rivera');
  await team.getByLabel('What they do (one per line)').focus();
  // A word that stigmatizes gets a gentle suggestion, which never blocks and can be dismissed.
  await panel.keyboard.type('Drives Ana to meetings; keeps the addict away');
  await expect(team.getByTestId('language-hint')).toContainText('instead of “addict”');
  await team.getByRole('button', { name: /Dismiss the suggestion/ }).click();
  await expect(team.getByTestId('language-hint')).toHaveCount(0);
  await team.getByLabel('Name', { exact: true }).focus();
  await panel.keyboard.press('Enter');
  await expect(team.locator('.bridge-plan-list > li')).toHaveCount(3);

  // A goal in the patient's own words, measured by AUDIT-C.
  const goals = pane.getByTestId('plan-goals');
  await goals.getByLabel('The goal as the patient says it').focus();
  await panel.keyboard.type('Quiero estar sana para cuidar a mis hijos.');
  await goals.getByLabel('Target date').fill('2027-03-01');
  await goals.getByLabel('Measured by').selectOption('audit-c');
  await goals.getByLabel('Target score (at or below)').focus();
  await panel.keyboard.type('3');
  await panel.keyboard.press('Enter');
  await expect(goals.locator('.bridge-plan-list > li')).toContainText('Quiero estar sana para cuidar a mis hijos.');

  // Peer support, carried out by the care manager.
  const steps = pane.getByTestId('plan-interventions');
  await steps.getByLabel('Kind').selectOption('peer-support');
  await steps.getByLabel('What, in plain words').focus();
  await panel.keyboard.type('SMART Recovery meeting at Harbor Recovery Center');
  await steps.getByLabel('Who').selectOption({ label: 'Lee Carter, LICSW' });
  await steps.getByLabel('How often').focus();
  await panel.keyboard.type('every Thursday at 6 pm');
  await panel.keyboard.press('Enter');
  await expect(steps.locator('.bridge-plan-list > li')).toHaveCount(1);

  // Ctrl+S saves from anywhere in the editor.
  await expect(pane.getByTestId('plan-status')).toContainText('Unsaved changes');
  await panel.keyboard.press('Control+s');
  await expect(pane.getByTestId('plan-status')).toContainText('Version 1, saved by');
  // A second version: the problem from the latest screening.
  await pane.getByRole('button', { name: /Add from the latest screening/ }).click();
  await panel.keyboard.press('Control+s');
  await expect(pane.getByTestId('plan-status')).toContainText('Version 2');

  // Reload: the plan is still there, with its history.
  await panel.reload();
  await panel.getByRole('tab', { name: 'Plan' }).click();
  await expect(pane.getByTestId('plan-status')).toContainText('Version 2');
  await expect(pane.getByTestId('plan-team')).toContainText('Marta Rivera');
  await expect(pane.getByTestId('plan-history').getByTestId('plan-version')).toHaveCount(2);
  await expect(pane.getByTestId('plan-history')).toContainText('Added problem');
  await expect(pane.getByTestId('goal-trend')).toContainText('AUDIT-C');
  await panel.screenshot({ path: 'test-results/careplan-pane.png', fullPage: true });
  expect(await seriousAxeViolations(panel)).toEqual([]);

  // Export FHIR needs the patient's consent to disclosure (42 CFR Part 2): refused without it.
  await pane.getByRole('button', { name: 'Export FHIR' }).click();
  await expect(pane).toContainText('Record the patient’s consent to disclosure');
  expect(await auditDetails(context, 'export')).toContainEqual(expect.stringContaining('care plan version 2 not exported: no active consent'));
  await panel.getByRole('tab', { name: 'Refer' }).click();
  await recordConsent(panel);
  await panel.getByRole('tab', { name: 'Plan' }).click();
  // With it: a file download, valid R4, audited with the consent it relied on.
  const downloading = panel.waitForEvent('download');
  await pane.getByRole('button', { name: 'Export FHIR' }).click();
  const exported = JSON.parse(readFileSync((await (await downloading).path())!, 'utf8'));
  const validate = fhirR4Validator();
  expect(validate(exported), JSON.stringify(validate.errors)).toBe(true);
  expect(exported.entry.map((e: any) => e.resource.resourceType)).toEqual(expect.arrayContaining(['CarePlan', 'CareTeam', 'Goal', 'Condition']));
  expect(await auditDetails(context, 'export')).toContainEqual(expect.stringContaining('care plan version 2 as a FHIR R4 Bundle'));
  expect(await auditDetails(context, 'view')).toContainEqual(expect.stringContaining('care plan opened'));

  // A colleague changed the goal's words and added a psychiatric consultant; preview, then apply.
  const colleague = structuredClone(exported);
  const res = (type: string) => colleague.entry.find((e: any) => e.resource.resourceType === type).resource;
  res('Goal').description.text = 'Quiero estar sana y volver a trabajar.';
  res('CareTeam').participant.push({ id: 'm-psych', role: [{ text: 'Psychiatric consultant' }], member: { display: 'Dr. Sofia Chen' } });
  const dir = join('test-results', 'e2e-careplan-files');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'colleague.fhir.json'), JSON.stringify(colleague));
  await pane.getByTestId('plan-import-file').setInputFiles(join(dir, 'colleague.fhir.json'));
  const preview = pane.getByTestId('import-preview');
  await expect(preview).toContainText('Changed goal Quiero estar sana y volver a trabajar.: patientWords');
  await expect(preview).toContainText('Added care team member: Dr. Sofia Chen');
  await preview.getByRole('button', { name: 'Apply as a new version' }).click();
  await expect(pane.getByTestId('plan-status')).toContainText('Version 3');
  await expect(pane.getByTestId('plan-history').getByTestId('plan-version').first()).toContainText('imported from a colleague’s FHIR care plan (their version 2)');

  // A plan for another patient is refused with a clear message, and nothing changes.
  const other = structuredClone(exported);
  const patient = other.entry.find((e: any) => e.resource.resourceType === 'Patient').resource;
  patient.identifier[0].value = 'pf1m-someoneelse000000';
  patient.name = [{ text: 'James Okafor' }];
  patient.birthDate = '1971-11-02';
  writeFileSync(join(dir, 'other.fhir.json'), JSON.stringify(other));
  await pane.getByTestId('plan-import-file').setInputFiles(join(dir, 'other.fhir.json'));
  await expect(pane.getByTestId('plan-error')).toContainText('This care plan is for another patient (James Okafor, born 1971-11-02), not the patient on this chart. Nothing was imported.');
  await expect(pane.getByTestId('plan-status')).toContainText('Version 3');

  // A save started for this patient is refused once the chart shows someone else.
  const current = (await sendFrom(panel, 'careplan.workspace', { patientFingerprint: fingerprint })) as any;
  await chart.goto(`${DEMO}/chart/p02`);
  await expect.poll(() => patientOnTab(context, tabId), { timeout: 15_000 }).not.toBe(fingerprint);
  const refused = await sendFrom(panel, 'careplan.save', { patientFingerprint: fingerprint, basedOnVersion: 3, tabId, plan: { ...current.data.record.current, nextContactDue: '2027-01-04' } });
  expect(refused).toEqual({ ok: false, error: 'The chart now shows another patient; this care plan was not saved.' });

  // The Spanish handout: printable content, the print button audited (the dialog is stubbed).
  const handout = await openExtensionPage(`handout.html?patient=${fingerprint}&lang=es`);
  const article = handout.getByTestId('handout');
  await expect(article.getByRole('heading', { level: 1 })).toHaveText('Mi plan de cuidado');
  await expect(article).toContainText('“Quiero estar sana y volver a trabajar.” Quiero lograrlo para el lunes, 1 de marzo de 2027.');
  await expect(article).toContainText('Lee Carter, LICSW, mi coordinador de cuidado.');
  await expect(article).toContainText(`${HARBOR.name}.`);
  await expect(article).toContainText(`Dirección: ${HARBOR.address}.`);
  await expect(article).toContainText(`Teléfono: ${HARBOR.phone}.`);
  await expect(article).toContainText('Reuniones de apoyo entre pares');
  await expect(article).toContainText('llame o mande un texto al 988');
  await expect(article).toContainText('1-800-662-4357');
  await expect(handout.locator('html')).toHaveAttribute('lang', 'es');
  // The word the clinician kept after dismissing the editor's suggestion is pointed out once more before printing.
  await expect(handout.getByTestId('handout-language-hint')).toContainText('instead of “addict”');
  await handout.evaluate(() => {
    window.print = () => document.body.setAttribute('data-printed', 'yes');
  });
  await handout.getByTestId('handout-print').click();
  await expect(handout.locator('body')).toHaveAttribute('data-printed', 'yes');
  expect(await auditDetails(context, 'print')).toContainEqual('care plan handout printed (Spanish)');
  expect(await seriousAxeViolations(handout)).toEqual([]);
  await handout.emulateMedia({ media: 'print' });
  await expect(handout.getByTestId('handout-print')).toBeHidden();
  await expect(handout.getByTestId('handout-language-hint')).toBeHidden();
  await handout.screenshot({ path: 'test-results/handout-es.png', fullPage: true });

  // The full-page view the registry links to shows the same plan.
  const page = await openExtensionPage(`careplan.html?patient=${fingerprint}`);
  await expect(page.getByTestId('plan-status')).toContainText('Version 3');
  await expect(page.getByTestId('plan-team')).toContainText('Dr. Sofia Chen');
});
