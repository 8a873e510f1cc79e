/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON and demo-server replies are walked freely; ajv types the bundle. */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Frame, Page } from '@playwright/test';
import { fhirR4Validator } from '../support/fhir-r4-schema';
import { DEMO, expect, test } from './fixtures';
import { serviceWorker } from './chromium';
import { auditDetails, patientOnTab, recordConsent, referWorkspace, saveReferral, sendFrom, submissions } from './referral-steps';

mkdirSync('test-results', { recursive: true });

// Refer, end to end in Chromium: consent (42 CFR §2.31), preview, fill the demo EHR's own
// referral forms (React-style controlled inputs; a form in a same-origin iframe), submit them and
// read what the demo EHR received; undo; a patient or page change between preview and fill
// aborts; the FHIR bundle validates; a follow-up reminder fires. The screening and the chosen
// provider are seeded through the background's own messages (screening.save scores the answers
// itself; draft.save is what "Find treatment" stores), so this test does not depend on those panes.

const previewButton = (panel: Page) => panel.getByRole('button', { name: 'Preview fill of the EHR form' });
const fillButton = (panel: Page) => panel.getByRole('button', { name: /^Fill \d+ fields?$/ });

test('SPA with controlled inputs: consent, preview, fill, undo, a page or patient change aborts, and the EHR receives the values', async ({ context, openExtensionPage }) => {
  await fetch(`${DEMO}/api/submissions`, { method: 'DELETE' });
  const { chart, tabId, panel, fingerprint } = await referWorkspace(context, openExtensionPage, '/spa/patient/p02/referral', {
    instrumentId: 'audit-c',
    answers: { q1: '4-plus-a-week', q2: '5-6', q3: 'weekly' },
  });

  // Without consent, nothing can leave: the fill, print and export buttons say why.
  await expect(panel.getByRole('button', { name: 'Record consent…' })).toBeVisible();
  await saveReferral(panel, { urgency: 'urgent', diagnosis: 'F10.20', notes: 'Prefers afternoon appointments.' });
  await expect(previewButton(panel)).toBeDisabled();
  await expect(panel.getByTestId('consent-block')).toContainText('Record the patient’s consent');
  await recordConsent(panel);
  await expect(previewButton(panel)).toBeEnabled();

  // Something the clinician had typed on the EHR form before Bridge filled it.
  await chart.locator('textarea[name="notes"]').fill('Seen today in clinic.');

  await previewButton(panel).click();
  const preview = panel.locator('.bridge-fill-preview');
  await expect(preview).toBeVisible();
  await expect(preview.getByRole('rowheader', { name: 'Refer to (program / clinician)' })).toBeVisible();
  await expect(preview.getByRole('rowheader', { name: 'Priority' })).toBeVisible();
  // The demo SPA's built-in EHR adapter places the fields it maps (source "adapter"), ahead of label matching.
  const savedId = ((await sendFrom(panel, 'referral.list', { patientFingerprint: fingerprint })) as any).data.referrals[0].id;
  const adapterPlan = (await sendFrom(panel, 'referral.planFill', { tabId, patientFingerprint: fingerprint, referralId: savedId })) as any;
  expect(Object.fromEntries(adapterPlan.data.steps.map((s: any) => [s.valueId, s.source]))).toMatchObject({
    'provider.name': 'adapter',
    'provider.phone': 'adapter',
    'referral.reason': 'adapter',
    'referral.diagnosis': 'adapter',
    'referral.date': 'adapter',
    'referral.urgency': 'adapter',
    'referral.consentOnFile': 'adapter',
    'referral.notes': 'adapter',
  });
  expect(adapterPlan.data.warnings).toEqual([]);
  await panel.screenshot({ path: 'test-results/referral-fill-preview.png', fullPage: true });
  // The clinician edits one value in the preview before confirming.
  await preview.getByLabel('Value for Program phone').fill('(617) 555-0199');
  await fillButton(panel).click();
  await expect(panel.getByTestId('fill-result')).toContainText('Filled');

  await expect(chart.locator('input[name="referTo"]')).toHaveValue('Harbor Recovery Center');
  await expect(chart.locator('input[name="programPhone"]')).toHaveValue('(617) 555-0199');
  await expect(chart.locator('input[name="diagnosis"]')).toHaveValue('F10.20 Alcohol dependence, uncomplicated');
  await expect(chart.locator('select[name="urgency"]')).toHaveValue('URGENT');
  await expect(chart.locator('#spa-consent')).toBeChecked();
  await chart.screenshot({ path: 'test-results/referral-spa-filled.png', fullPage: true });

  // Undo restores exactly what was there: the typed note, and empty fields.
  await panel.getByRole('button', { name: 'Undo fill' }).click();
  await expect(panel.getByTestId('undo-result')).toContainText('Restored');
  await expect(chart.locator('textarea[name="notes"]')).toHaveValue('Seen today in clinic.');
  await expect(chart.locator('input[name="referTo"]')).toHaveValue('');
  await expect(chart.locator('select[name="urgency"]')).toHaveValue('');
  await expect(chart.locator('#spa-consent')).not.toBeChecked();

  // The page changes (same patient, other view) between plan and fill: the tab refuses to write.
  const referralId = (await sendFrom(panel, 'referral.list', { patientFingerprint: fingerprint })) as { ok: true; data: any };
  const id = referralId.data.referrals[0].id as string;
  const planned = await sendFrom(panel, 'referral.planFill', { tabId, patientFingerprint: fingerprint, referralId: id });
  expect(planned.ok).toBe(true);
  await chart.getByRole('link', { name: 'Summary' }).click();
  await expect(chart).toHaveURL(/\/spa\/patient\/p02$/);
  const stale = await sendFrom(panel, 'referral.fill', { tabId, patientFingerprint: fingerprint, referralId: id, plan: (planned as any).data });
  expect(stale).toMatchObject({ ok: true, data: { ok: false } });
  expect((stale as any).data.reason).toMatch(/^Nothing was filled: the page changed since the plan was made/);
  await chart.locator('#spa-referral-tab').click();
  await expect(chart.locator('input[name="referTo"]')).toHaveValue('');

  // The patient changes between preview and confirm (a click in the EHR's own patient list): the
  // panel closes everything of the previous patient, and a stale fill is refused.
  await previewButton(panel).click();
  await expect(fillButton(panel)).toBeVisible();
  const plannedAgain = await sendFrom(panel, 'referral.planFill', { tabId, patientFingerprint: fingerprint, referralId: id });
  await chart.locator('a[data-patient="p05"]').click();
  await expect(chart.getByTestId('patient-header')).toContainText('Maria Kowalski');
  await expect(panel.getByTestId('patient-changed')).toContainText('Everything for');
  await expect(panel.locator('.bridge-fill-preview')).toHaveCount(0);
  const switched = await sendFrom(panel, 'referral.fill', { tabId, patientFingerprint: fingerprint, referralId: id, plan: (plannedAgain as any).data });
  expect(switched).toMatchObject({ ok: true, data: { ok: false } });
  expect((switched as any).data.reason).toMatch(/^Nothing was filled: the (patient on the page|page) changed/);
  await panel.screenshot({ path: 'test-results/referral-patient-changed.png', fullPage: true });

  // Back to the right patient: preview, confirm, and the EHR's own Send.
  await chart.locator('a[data-patient="p02"]').click();
  await chart.locator('#spa-referral-tab').click();
  await expect.poll(() => patientOnTab(context, tabId)).toBe(fingerprint);
  await expect(panel.getByTestId('workspace')).toHaveAttribute('data-fingerprint', fingerprint);
  await panel.getByRole('tab', { name: 'Refer' }).click();
  await previewButton(panel).click();
  await fillButton(panel).click();
  await expect(panel.getByTestId('fill-result')).toContainText('Filled');
  await chart.getByRole('button', { name: 'Send referral' }).click();
  await expect(chart.locator('#spa-sent')).toContainText('Referral sent for James Okafor');

  const received = (await submissions()).filter((s) => s.style === 'spa');
  expect(received).toHaveLength(1);
  const fields = received[0]!.fields;
  expect(received[0]!.patientId).toBe('p02');
  expect(fields.referTo).toBe('Harbor Recovery Center');
  expect(fields.programPhone).toBe('(617) 555-0142');
  expect(fields.reason).toMatch(/^Positive AUDIT-C screen \(9 of 12, .+\)\. Referral for substance use assessment and treatment\.$/);
  expect(fields.diagnosis).toBe('F10.20 Alcohol dependence, uncomplicated');
  expect(fields.requestedDate).toBe(new Date().toISOString().slice(0, 10));
  expect(fields.urgency).toBe('URGENT');
  expect(fields.consent).toBe(true);
  expect(fields.notes).toBe('Prefers afternoon appointments.\n\n42 CFR part 2 prohibits unauthorized use or disclosure of these records.');

  // Every fill and refusal is in the audit log.
  const fills = [...(await auditDetails(context, 'consent')).map((d) => `consent: ${d.split(':')[0]!.replace(/consent \S+ /, 'consent ')}`), ...(await auditDetails(context, 'fill')).map((d) => `fill: ${d.split(':')[0]}`)];
  expect(fills).toEqual([
    'consent: consent recorded',
    'fill: referral form filled',
    'fill: referral form fill undone',
    'fill: fill refused',
    'fill: fill refused',
    'fill: referral form filled',
  ]);
});


function orderFrame(chart: Page): Frame {
  const frame = chart.frame({ url: /\/frames\/referral\/p03$/ });
  if (!frame) throw new Error('no order iframe');
  return frame;
}

test('form in an iframe: fill and submit; letter, FHIR bundle, revocation blocks; follow-up reminder fires', async ({ context, openExtensionPage }) => {
  test.setTimeout(120_000);
  await fetch(`${DEMO}/api/submissions`, { method: 'DELETE' });
  const { chart, panel, fingerprint } = await referWorkspace(context, openExtensionPage, '/iframe-chart/p03', {
    instrumentId: 'crafft-2.1',
    answers: { 'alcohol-days': 12, 'marijuana-days': 30, 'other-days': 0, car: 'no', relax: 'yes', alone: 'yes', forget: 'no', friends: 'no', trouble: 'yes' },
  });
  await recordConsent(panel);
  await saveReferral(panel, { urgency: 'routine' });

  await previewButton(panel).click();
  await expect(panel.locator('.bridge-fill-preview').getByRole('rowheader', { name: 'Receiving facility' })).toBeVisible();
  await fillButton(panel).click();
  await expect(panel.getByTestId('fill-result')).toContainText('Filled');
  const frame = orderFrame(chart);
  await expect(frame.locator('input[name="facility"]')).toHaveValue('Harbor Recovery Center');
  await chart.screenshot({ path: 'test-results/referral-iframe-filled.png', fullPage: true });
  await frame.getByRole('button', { name: 'Submit order' }).click();
  await expect.poll(async () => (await submissions()).filter((s) => s.style === 'iframe').length).toBe(1);
  const { fields, patientId } = (await submissions()).find((s) => s.style === 'iframe')!;
  const [y, m, d] = new Date().toISOString().slice(0, 10).split('-');
  expect(patientId).toBe('p03');
  expect(fields).toMatchObject({
    patientId: 'p03',
    facility: 'Harbor Recovery Center',
    facilityPhone: '(617) 555-0142',
    priority: 'R',
    dateOfReferral: `${m}/${d}/${y}`,
    roi: 'Y',
    comments: '42 CFR part 2 prohibits unauthorized use or disclosure of these records.',
  });
  expect(fields.indication).toMatch(/^Positive CRAFFT 2\.1 screen \(3 of 6, .+\)\./);

  // The letter (print stylesheet) and the FHIR bundle, which validates against the R4 schema.
  await panel.getByRole('button', { name: 'Show letter' }).click();
  await expect(panel.getByRole('article', { name: 'Referral letter' })).toContainText('42 CFR § 2.32');
  // Print opens the browser's print dialog (headless has none to show); copy puts the letter on the clipboard. Both are audited.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await panel.getByRole('button', { name: 'Copy as text' }).click();
  await expect(panel.getByTestId('refer-notice')).toHaveText('The letter was copied as text.');
  expect(await panel.evaluate(() => navigator.clipboard.readText())).toMatch(/^REFERRAL FOR SUBSTANCE USE TREATMENT\n[\s\S]*CONFIDENTIALITY NOTICE \(42 CFR § 2\.32\)\nThis record which has been disclosed to you/);
  await panel.getByRole('button', { name: 'Print or save as PDF' }).click();
  await expect.poll(() => auditDetails(context, 'print')).toEqual([expect.stringMatching(/copied as text/), expect.stringMatching(/printed/)]);
  await panel.emulateMedia({ media: 'print' });
  await panel.screenshot({ path: 'test-results/referral-letter-print.png', fullPage: true });
  await panel.emulateMedia({ media: 'screen' });
  const downloading = panel.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download FHIR bundle' }).click();
  const bundle = JSON.parse(readFileSync((await (await downloading).path())!, 'utf8'));
  const validate = fhirR4Validator();
  expect(validate(bundle), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  const types = bundle.entry.map((e: any) => e.resource.resourceType);
  expect(types).toEqual(expect.arrayContaining(['Patient', 'ServiceRequest', 'QuestionnaireResponse', 'Consent', 'Organization', 'Location']));
  const request = bundle.entry.find((e: any) => e.resource.resourceType === 'ServiceRequest').resource;
  expect(request.performer[0].display).toBe('Harbor Recovery Center');
  expect(request.meta.security.map((c: any) => c.code)).toEqual(expect.arrayContaining(['R', 'ETH', '42CFRPart2', 'NORDSCLCD']));

  // Follow-up with the clock controlled: the clinician marks the referral sent and sets the
  // follow-up to yesterday; the background's alarm fires, notifies, and the pane shows it due.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const list = panel.locator('.bridge-referral-list');
  await list.getByLabel(/New status for the referral to Harbor Recovery Center/).selectOption('sent');
  await list.getByLabel('Follow up on (optional)').fill(yesterday);
  await list.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(panel.getByTestId('follow-up-due')).toHaveText('Follow-up due: 1 referral');
  const worker = await serviceWorker(context);
  await expect
    .poll(() => worker.evaluate(() => chrome.notifications.getAll().then((all) => Object.keys(all))), { timeout: 20_000 })
    .toContain('bridge-referral-follow-up');
  expect(await worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('1');
  expect(await worker.evaluate(() => chrome.alarms.get('bridge-referral-follow-up').then((a) => a && a.scheduledTime > Date.now()))).toBe(true);
  await panel.screenshot({ path: 'test-results/referral-follow-up-due.png', fullPage: true });

  // Clinic-wide list.
  const all = await openExtensionPage('referrals.html');
  await expect(all.getByRole('cell', { name: 'Linh Nguyen' })).toBeVisible();
  await expect(all.locator('.bridge-referral-due')).toContainText('(due)');
  const csvDownload = all.waitForEvent('download');
  await all.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync((await (await csvDownload).path())!, 'utf8');
  expect(csv.split('\r\n')[1]).toContain('"Harbor Recovery Center"');
  await all.screenshot({ path: 'test-results/referrals-clinic-wide.png', fullPage: true });

  // Revoking the consent blocks every disclosure, with the reason.
  await panel.getByRole('button', { name: 'Revoke…' }).click();
  await panel.getByLabel('Revoked by (name)').fill('Linh Nguyen (patient)');
  await panel.getByRole('button', { name: 'Confirm revocation' }).click();
  await expect(panel.getByRole('list', { name: 'Consents' })).toContainText('Revoked');
  await expect(previewButton(panel)).toBeDisabled();
  await expect(panel.getByRole('button', { name: 'Download FHIR bundle' })).toBeDisabled();
  await expect(panel.getByTestId('consent-block')).toContainText('consent was revoked on');
  const refused = await sendFrom(panel, 'referral.fhirBundle', { patientFingerprint: fingerprint, referralId: (await sendFrom(panel, 'referral.list', { patientFingerprint: fingerprint }) as any).data.referrals[0].id });
  expect(refused).toMatchObject({ ok: false });
  expect((refused as any).error).toMatch(/revoked/);
});
