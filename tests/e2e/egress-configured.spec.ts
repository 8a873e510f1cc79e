import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { DEMO, expect, test } from './fixtures';
import { serviceWorker } from './chromium';
import { overlayTexts } from './closed-shadow';

// No egress, configured (docs/security.md, section 1): with a clinic directory URL set, the only
// requests that leave the EHR page and the extension go to exactly that URL, as bodiless GETs
// that carry nothing of the patients on screen, conditional (If-None-Match) once an ETag is known;
// and the directory in use becomes the downloaded one.

const EXPORT = readFileSync('lib/directory/fixtures/findtreatment-export.json');
const ETAG = '"clinic-directory-v1"';
/** The background's alarm and its "last tried" key (entrypoints/background/handlers/directory.ts). */
const REFRESH_ALARM = 'bridge-directory-refresh';
const LAST_REFRESH_KEY = 'directory:lastRefreshAt';

interface Patient {
  id: string;
  mrn: string;
  family: string;
  given: string;
  birthDate: string;
  zip: string;
  phone: string;
  street: string;
}
const PATIENTS = JSON.parse(readFileSync('tests/demo-ehr/patients.json', 'utf8')) as Patient[];
const VIEWED = PATIENTS.slice(0, 2);

/** Every way the viewed patients' identifiers could appear in a URL or a header. */
function identifiersOf(p: Patient): string[] {
  const [y, m, d] = p.birthDate.split('-');
  return [p.mrn, p.family, p.given, ...p.given.split(' '), p.birthDate, `${m}/${d}/${y}`, `${m}${d}${y}`, `${y}${m}${d}`, p.zip, p.phone, p.street].filter((s) => s.length >= 3);
}

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** The clinic's directory server: one export at one path, with an ETag and CORS headers; records every request. */
async function clinicDirectoryServer(): Promise<{ server: Server; origin: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'If-None-Match', 'Access-Control-Expose-Headers': 'ETag' };
      let status: number;
      if (request.method === 'OPTIONS') {
        status = 204;
        response.writeHead(status, cors).end();
      } else if (request.url === '/clinic/directory.json' && request.headers['if-none-match'] === ETAG) {
        status = 304;
        response.writeHead(status, { ...cors, ETag: ETAG }).end();
      } else if (request.url === '/clinic/directory.json') {
        status = 200;
        response.writeHead(status, { ...cors, ETag: ETAG, 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' }).end(EXPORT);
      } else {
        status = 404;
        response.writeHead(status, cors).end();
      }
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** Sends a Bridge message from an extension page, as its own code does; throws the background's reason. */
async function sendFrom<T>(page: Page, type: string, payload: unknown): Promise<T> {
  const reply = (await page.evaluate(([t, p]) => chrome.runtime.sendMessage({ bridge: 1, type: t, payload: p }), [type, payload] as const)) as
    | { ok: true; data: T }
    | { ok: false; error: string };
  if (!reply.ok) throw new Error(`${type}: ${reply.error}`);
  return reply.data;
}

interface Status {
  origin: string;
  providerCount: number;
  sources: { id: string; title: string }[];
}
interface Search {
  matches: { provider: { name: string } }[];
}

test('a clinic directory URL: only that URL is contacted, by bodiless GETs free of patient data, conditional once an ETag is known; its listings become the directory', async ({
  context,
  extensionId,
  allowedOrigins,
}) => {
  test.setTimeout(90_000);
  const clinic = await clinicDirectoryServer();
  const directoryUrl = `${clinic.origin}/clinic/directory.json`;
  allowedOrigins.push(clinic.origin);
  const seen: { url: string; method: string; postData: string | null; headers: Record<string, string> }[] = [];
  context.on('request', (request) => {
    seen.push({ url: request.url(), method: request.method(), postData: request.postData(), headers: request.headers() });
  });
  try {
    // The clinician has two patients' charts open, so their identifiers are in the extension.
    for (const patient of VIEWED) {
      const chart = await context.newPage();
      await chart.goto(`${DEMO}/chart/${patient.id}`);
      await expect.poll(() => overlayTexts(chart, '.bridge-prompt-text')).toHaveLength(1);
    }
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    const before = await sendFrom<Status>(options, 'directory.status', {});
    expect(before.origin).toBe('bundled');
    expect(before.providerCount).toBeGreaterThan(1000);

    // directorySourceUrl is locally settable (lib/settings/schema.ts): set it as the options page does.
    await sendFrom(options, 'settings.saveLocal', { values: { directorySourceUrl: directoryUrl, directoryRefreshHours: 1 } });
    const worker = await serviceWorker(context);
    // The background's own alarm, fired now (an unpacked extension may set alarms under 30 s).
    const fireRefresh = () => worker.evaluate((name) => chrome.alarms.create(name, { when: Date.now() }), REFRESH_ALARM);

    await fireRefresh();
    await expect.poll(() => clinic.received.length, { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await sendFrom<Status>(options, 'directory.status', {})).providerCount).toBe(3);
    const after = await sendFrom<Status>(options, 'directory.status', {});
    expect(after.origin).toBe('import');
    expect(after.sources.map((s) => s.id)).toEqual(['findtreatment-json']);
    const near = await sendFrom<Search>(options, 'directory.search', { origin: { kind: 'zip', zip: '02139' }, need: [] });
    expect(near.matches.map((m) => m.provider.name).sort()).toEqual(['Eastside Opioid Treatment Program', 'Harbor Recovery Center', 'Riverside Residential']);

    // The refresh interval has "passed" (the last attempt forgotten): the second download is conditional.
    await worker.evaluate((key) => chrome.storage.local.remove(key), LAST_REFRESH_KEY);
    await fireRefresh();
    await expect.poll(() => clinic.received.length, { timeout: 20_000 }).toBe(2);
    // Unchanged (304): the downloaded directory stays in use.
    expect((await sendFrom<Status>(options, 'directory.status', {})).providerCount).toBe(3);

    // What the clinic's server received: exactly two bodiless GETs of the configured URL, the
    // second conditional on the ETag the first returned, and no patient identifier, no cookie.
    expect(clinic.received.map((r) => [r.method, `${clinic.origin}${r.url}`, r.body, r.status])).toEqual([
      ['GET', directoryUrl, '', 200],
      ['GET', directoryUrl, '', 304],
    ]);
    expect(clinic.received[0]!.headers['if-none-match']).toBeUndefined();
    expect(clinic.received[1]!.headers['if-none-match']).toBe(ETAG);
    const identifiers = VIEWED.flatMap(identifiersOf);
    for (const r of clinic.received) {
      expect(r.headers.cookie, 'cookies sent to the directory server').toBeUndefined();
      const sent = `${decodeURIComponent(r.url)}\n${JSON.stringify(r.headers)}`.toLowerCase();
      for (const id of identifiers) expect(sent, `patient identifier "${id}" sent to the directory server`).not.toContain(id.toLowerCase());
    }

    // What the browser requested: outside the demo EHR and the extension, only those two GETs.
    const demoOrigin = new URL(DEMO).origin;
    const outside = seen.filter((r) => !r.url.startsWith('chrome-extension://') && !r.url.startsWith('data:') && !r.url.startsWith('blob:') && new URL(r.url).origin !== demoOrigin);
    expect(outside.map((r) => [r.method, r.url, r.postData])).toEqual([
      ['GET', directoryUrl, null],
      ['GET', directoryUrl, null],
    ]);
    expect(outside[1]!.headers['if-none-match']).toBe(ETAG);
    for (const r of outside) {
      const sent = `${decodeURIComponent(r.url)}\n${JSON.stringify(r.headers)}`.toLowerCase();
      for (const id of identifiers) expect(sent, `patient identifier "${id}" in a request to the directory server`).not.toContain(id.toLowerCase());
    }
  } finally {
    const closed = new Promise((resolve) => clinic.server.close(resolve));
    clinic.server.closeAllConnections();
    await closed;
  }
});
