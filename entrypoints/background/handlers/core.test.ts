import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BridgeDatabase } from '@/lib/db/database';
import { fullPolicy } from '@/lib/policy/policy.fixture';
import { routeMessage, type SenderFacts } from '@/lib/messaging/router';
import { coreHandlers } from './core';

const ctx = { ownId: 'bridge-id', ownOrigin: 'chrome-extension://bridge-id' };
const fromBoot: SenderFacts = { extensionId: 'bridge-id', url: 'http://127.0.0.1/chart/p01', tabId: 7, documentId: 'DOC-7' };
const fromPanel: SenderFacts = { extensionId: 'bridge-id', url: 'chrome-extension://bridge-id/sidepanel.html?tab=7', tabId: undefined };

let db: BridgeDatabase;
const start = (sender: SenderFacts = fromBoot) => routeMessage({ bridge: 1, type: 'ehr.start', payload: {} }, sender, coreHandlers(db), ctx, () => undefined);
const injected = () => vi.spyOn(fakeBrowser.scripting, 'executeScript').mockResolvedValue([{ frameId: 0, documentId: 'DOC-7', result: undefined }] as never);

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  db = new BridgeDatabase(`core-handlers-${Math.random()}`);
});

describe('ehr.start: the start-up script asks for the page script once the page has loaded', () => {
  it('injects the page script into the very document that asked, and answers with no clinic adapters by default', async () => {
    const executeScript = injected();
    expect(await start()).toEqual({ ok: true, data: { policyAdapters: [] } });
    expect(executeScript).toHaveBeenCalledExactlyOnceWith({ target: { tabId: 7, documentIds: ['DOC-7'] }, files: ['/ehr-page.js'], injectImmediately: true });
  });

  it("falls back to the tab's top frame where the browser does not say which document asked", async () => {
    const executeScript = injected();
    await start({ ...fromBoot, documentId: undefined });
    expect(executeScript).toHaveBeenCalledWith(expect.objectContaining({ target: { tabId: 7, frameIds: [0] } }));
  });

  it("answers with the clinic's policy adapters, validated and named as policy adapters", async () => {
    injected();
    await fakeBrowser.storage.managed.set({ ehrAdapters: fullPolicy.ehrAdapters });
    const reply = await start();
    expect(reply).toMatchObject({ ok: true, data: { policyAdapters: [{ id: 'policy-clinic-chart', hostPatterns: ['ehr.example.org'] }] } });
  });

  it('fails, and so starts nothing, when the page script cannot be injected', async () => {
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockRejectedValue(new Error('Cannot access contents of the page'));
    expect(await start()).toEqual({ ok: false, error: 'Cannot access contents of the page' });
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockResolvedValue([] as never);
    expect(await start()).toEqual({ ok: false, error: 'the page script could not be injected' });
  });

  it('is accepted from a content script only: an extension page cannot have scripts injected into a tab', async () => {
    const executeScript = injected();
    expect(await start(fromPanel)).toEqual({ ok: false, error: 'ehr.start: not accepted from a extension sender' });
    expect(executeScript).not.toHaveBeenCalled();
  });
});
