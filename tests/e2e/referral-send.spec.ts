/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR JSON is walked freely; ajv types the bundle. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { fhirR4Validator } from '../support/fhir-r4-schema';
import { expect, test } from './fixtures';
import { auditDetails, recordConsent, referWorkspace, saveReferral, sendFrom } from './referral-steps';

// Sending the referral to the clinic's own FHIR server: a tiny FHIR receiver on 127.0.0.1 stands
// in for it. Nothing is sent without a consent covering 'send'; with one, exactly one POST of a
// transaction Bundle for the right patient, carrying the 42 CFR Part 2 labels; a 503 shows as a
// failure with Retry, and the retry succeeds. The fixture's egress check still fails the test on
// any request to an origin other than the demo EHR and this receiver.

const TOKEN = 'test-bearer-7f3a';

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** A FHIR receiver answering each POST with the next status in `answers` (then 201), with CORS headers. */
async function fhirReceiver(answers: number[] = []) {
  const received: Received[] = [];
  let created = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept');
      res.setHeader('Access-Control-Expose-Headers', 'Location');
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
      const status = answers.shift() ?? 201;
      if (status !== 201) {
        res.writeHead(status, { 'Content-Type': 'application/fhir+json' }).end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }));
        return;
      }
      created += 1;
      const location = `${origin}/fhir/Bundle/received-${created}`;
      res.writeHead(201, { 'Content-Type': 'application/fhir+json', Location: location }).end(JSON.stringify({ resourceType: 'Bundle', type: 'transaction-response', entry: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, received, posts: () => received.filter((r) => r.method === 'POST'), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Points Bridge at the receiver, as a person would on the options page (the policy does not lock it). */
async function configureEndpoint(openExtensionPage: (path: string) => Promise<Page>, origin: string) {
  const options = await openExtensionPage('options.html');
  const saved = await sendFrom(options, 'settings.saveLocal', {
    values: { fhirEndpoint: { baseUrl: `${origin}/fhir`, patientIdentifierSystem: 'urn:oid:1.2.3.4', auth: 'bearer', bearerToken: TOKEN } },
  });
  expect(saved.ok, JSON.stringify(saved)).toBe(true);
  await options.close();
}

const POSITIVE_AUDIT_C = { instrumentId: 'audit-c', answers: { q1: '4-plus-a-week', q2: '5-6', q3: 'weekly' } };
const sendButton = (panel: Page) => panel.getByRole('button', { name: 'Send to clinic FHIR server' });

test('no send without consent; with consent exactly one POST of a labelled transaction Bundle for this patient', async ({ context, openExtensionPage, allowedOrigins, requests }) => {
  const receiver = await fhirReceiver();
  allowedOrigins.push(receiver.origin);
  try {
    await configureEndpoint(openExtensionPage, receiver.origin);
    const { panel, fingerprint } = await referWorkspace(context, openExtensionPage, '/spa/patient/p02/referral', POSITIVE_AUDIT_C);
    await saveReferral(panel, { urgency: 'urgent', diagnosis: 'F10.20' });

    // No consent: the button is blocked with the reason, and the background refuses on its own.
    await expect(sendButton(panel)).toBeDisabled();
    await expect(sendButton(panel)).toHaveAttribute('title', /Record the patient’s consent/);
    const referralId = ((await sendFrom(panel, 'referral.list', { patientFingerprint: fingerprint })) as any).data.referrals[0].id;
    const refused = await sendFrom(panel, 'referral.sendFhir', { patientFingerprint: fingerprint, referralId });
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining('consent') });
    expect(receiver.received).toEqual([]);

    await recordConsent(panel);
    await expect(sendButton(panel)).toBeEnabled();
    await sendButton(panel).click();
    await expect(panel.getByTestId('fhir-send-status')).toContainText(`Sent to ${receiver.origin} (HTTP 201). Server id: ${receiver.origin}/fhir/Bundle/received-1`);

    const posts = receiver.posts();
    expect(posts).toHaveLength(1);
    // The egress check sees the service worker's POST too: it is allowed only because this test named the receiver.
    expect(requests.filter((url) => url.startsWith(receiver.origin))).toEqual([`${receiver.origin}/fhir`]);
    expect(receiver.received.every((r) => r.method === 'POST' || r.method === 'OPTIONS')).toBe(true);
    const [post] = posts;
    expect(post!.url).toBe('/fhir');
    expect(post!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(post!.contentType).toBe('application/fhir+json');
    const bundle = JSON.parse(post!.body);
    const validate = fhirR4Validator();
    expect(validate(bundle), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    const resources = bundle.entry.map((e: any) => e.resource);
    const patient = resources.find((r: any) => r.resourceType === 'Patient');
    expect(patient.identifier).toEqual(expect.arrayContaining([expect.objectContaining({ value: fingerprint })]));
    const request = resources.find((r: any) => r.resourceType === 'ServiceRequest');
    expect(request.subject.reference).toBe(bundle.entry.find((e: any) => e.resource === patient).fullUrl);
    for (const labelled of [bundle, request, resources.find((r: any) => r.resourceType === 'Consent'), resources.find((r: any) => r.resourceType === 'QuestionnaireResponse')]) {
      expect(labelled.meta.security.map((c: any) => c.code)).toEqual(expect.arrayContaining(['R', 'ETH', '42CFRPart2', 'NORDSCLCD']));
    }
    for (const entry of bundle.entry) expect(entry.request).toEqual({ method: 'POST', url: entry.resource.resourceType });

    // The token never reaches a page: not in the panel's DOM, not in the workspace it is given.
    expect(await panel.content()).not.toContain(TOKEN);
    expect(JSON.stringify(await sendFrom(panel, 'referral.workspace', { patientFingerprint: fingerprint }))).not.toContain(TOKEN);
    await expect(panel.getByTestId('current-referral')).toBeVisible();
    expect(await auditDetails(context, 'send')).toEqual([
      expect.stringMatching(new RegExp(`^FHIR Bundle of referral ${referralId} not sent to 127\\.0\\.0\\.1:\\d+: Record the patient’s consent`)),
      expect.stringMatching(new RegExp(`^FHIR Bundle of referral ${referralId} sent to 127\\.0\\.0\\.1:\\d+: HTTP 201 after 1 attempt`)),
    ]);
  } finally {
    await receiver.close();
  }
});

test('a server answering 503 shows the failure with Retry; the retry is sent and succeeds', async ({ context, openExtensionPage, allowedOrigins }) => {
  test.setTimeout(90_000);
  // The background retries 5xx twice on its own (1 s, then 2 s apart) before it reports failure.
  const receiver = await fhirReceiver([503, 503, 503]);
  allowedOrigins.push(receiver.origin);
  try {
    await configureEndpoint(openExtensionPage, receiver.origin);
    const { panel, fingerprint } = await referWorkspace(context, openExtensionPage, '/spa/patient/p02/referral', POSITIVE_AUDIT_C);
    await recordConsent(panel);
    await saveReferral(panel, { urgency: 'routine' });

    await sendButton(panel).click();
    const status = panel.getByTestId('fhir-send-status');
    await expect(status).toContainText('Not sent: The FHIR server answered 503. Gave up after 3 attempts', { timeout: 20_000 });
    expect(receiver.posts()).toHaveLength(3);

    await status.getByRole('button', { name: 'Retry' }).click();
    await expect(status).toContainText(`Sent to ${receiver.origin} (HTTP 201). Server id: ${receiver.origin}/fhir/Bundle/received-1`);
    expect(receiver.posts()).toHaveLength(4);
    const bodies = receiver.posts().map((p) => JSON.parse(p.body));
    expect(new Set(bodies.map((b) => b.type))).toEqual(new Set(['transaction']));
    expect(await auditDetails(context, 'send')).toEqual([expect.stringMatching(/not sent to .*answered 503/), expect.stringMatching(/sent to .*HTTP 201/)]);
    // A successful send moves the drafted referral to "sent".
    const listed = (await sendFrom(panel, 'referral.list', { patientFingerprint: fingerprint })) as any;
    expect(listed.data.referrals.map((r: any) => r.status)).toEqual(['sent']);
  } finally {
    await receiver.close();
  }
});
