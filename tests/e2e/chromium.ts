import { chromium, type BrowserContext, type Worker } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const EXTENSION_DIR = resolve(process.env.BRIDGE_EXTENSION_DIR ?? '.output/chrome-mv3-demo');
export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const DEMO = `http://127.0.0.1:${process.env.DEMO_EHR_PORT ?? 4321}`;

/** Flags that keep Chromium quiet on a machine with no network but loopback. */
export const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

export function newProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'bridge-profile-'));
}

/** Chromium (new headless) with the built extension loaded, on a persistent profile. */
export async function launchWithExtension(profileDir: string, extraArgs: string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROME_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...QUIET_FLAGS, `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`, ...extraArgs],
  });
}

/** The extension's service worker, waiting for it to start if needed. */
export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
}

export function extensionIdOf(worker: Worker): string {
  return new URL(worker.url()).host;
}

/** Stops every service worker of the browser through CDP, as Chrome does after 30 s idle. */
export async function stopServiceWorkers(context: BrowserContext): Promise<void> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}
