// @vitest-environment happy-dom
import { beforeEach, describe, expect, test } from 'vitest';
import { readPatientContext, type PatientReading } from './context';
import { watchPatient } from './watch.dom';

const today = '2026-11-23';
const banner = (name: string, dob: string, mrn: string) =>
  `<header class="patient-banner"><h1>${name}</h1><dl><dt>DOB</dt><dd>${dob}</dd><dt>MRN</dt><dd>${mrn}</dd></dl></header>`;

/** A manual idle queue, so a test decides when batched work runs. */
function manualScheduler() {
  const queue: (() => void)[] = [];
  let scheduled = 0;
  return {
    schedule: (task: () => void) => {
      scheduled += 1;
      queue.push(task);
      return () => {
        const i = queue.indexOf(task);
        if (i >= 0) queue.splice(i, 1);
      };
    },
    flush: () => {
      while (queue.length) queue.shift()?.();
    },
    get scheduled() {
      return scheduled;
    },
    get pending() {
      return queue.length;
    },
  };
}

/** Replaces an element's children with parsed markup (test data only). */
function setHtml(el: Element, html: string): void {
  el.replaceChildren(...Array.from(new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body.childNodes));
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('watchPatient', () => {
  let changes: { name: string | null; previous: string | null }[];
  let controller: AbortController;
  let idle: ReturnType<typeof manualScheduler>;
  const start = () =>
    watchPatient(document, {
      signal: controller.signal,
      schedule: idle.schedule,
      readContext: (doc): PatientReading => readPatientContext(doc, 'https://ehr.example/chart', { today }),
      onChange: (reading, previous) => changes.push({ name: reading.context?.name ?? null, previous }),
    });

  beforeEach(() => {
    setHtml(document.body, `<div id="app"><main id="view">${banner('DOE, Jane', '02/03/1990', '111')}<section><p id="note">Note</p></section></main></div><aside id="other"><p>ad</p></aside>`);
    changes = [];
    controller = new AbortController();
    idle = manualScheduler();
  });

  test('reports the first patient once', () => {
    start();
    idle.flush();
    expect(changes).toEqual([{ name: 'Jane Doe', previous: null }]);
  });

  test('a banner edited in place is a new patient; many mutations make one batch', async () => {
    start();
    idle.flush();
    const dd = document.querySelectorAll('dd');
    (document.querySelector('h1') as Element).textContent = 'ROE, Rick';
    (dd[0] as Element).textContent = '04/05/1970';
    (dd[1] as Element).textContent = '222';
    await settle();
    expect(idle.pending).toBe(1);
    idle.flush();
    expect(changes.map((c) => c.name)).toEqual(['Jane Doe', 'Rick Roe']);
    expect(changes[1]?.previous).toMatch(/^pf1m-/);
  });

  test('the app swapping its whole view is noticed, and the observer moves to the new banner', async () => {
    start();
    idle.flush();
    const app = document.getElementById('app') as Element;
    setHtml(app, `<main id="view2">${banner('Roe, Rick', '04/05/1970', '222')}</main>`);
    await settle();
    idle.flush();
    expect(changes.map((c) => c.name)).toEqual(['Jane Doe', 'Rick Roe']);
    (document.querySelector('h1') as Element).textContent = 'POE, Ann';
    (document.querySelectorAll('dd')[1] as Element).textContent = '333';
    await settle();
    idle.flush();
    expect(changes.map((c) => c.name)).toEqual(['Jane Doe', 'Rick Roe', 'Ann Poe']);
  });

  test('changes outside the banner cost nothing; a re-render of the same patient reports nothing', async () => {
    start();
    idle.flush();
    const before = idle.scheduled;
    (document.getElementById('other') as Element).append(document.createElement('p'));
    await settle();
    expect(idle.scheduled).toBe(before);
    (document.getElementById('note') as Element).textContent = 'Edited note';
    await settle();
    idle.flush();
    expect(changes).toHaveLength(1);
  });

  test("adding or removing the caller's own element (the overlay host) costs no re-read; any other node still does", async () => {
    const overlayHost = document.createElement('bridge-overlay');
    watchPatient(document, {
      signal: controller.signal,
      schedule: idle.schedule,
      isOwnNode: (node) => node === overlayHost,
      readContext: (doc): PatientReading => readPatientContext(doc, 'https://ehr.example/chart', { today }),
      onChange: (reading, previous) => changes.push({ name: reading.context?.name ?? null, previous }),
    });
    idle.flush();
    const before = idle.scheduled;
    document.documentElement.append(overlayHost);
    await settle();
    overlayHost.remove();
    await settle();
    expect(idle.scheduled).toBe(before);
    document.documentElement.append(overlayHost, document.createElement('div'));
    await settle();
    expect(idle.scheduled).toBe(before + 1);
  });

  test('leaving the patient is a change to none; popstate triggers a check', async () => {
    start();
    idle.flush();
    (document.getElementById('app') as Element).innerHTML = '<p>Patient list</p>';
    await settle();
    idle.flush();
    expect(changes.at(-1)).toMatchObject({ name: null });
    const again = document.createElement('div');
    setHtml(again, banner('Roe, Rick', '04/05/1970', '222'));
    document.body.append(again);
    window.dispatchEvent(new PopStateEvent('popstate'));
    idle.flush();
    expect(changes.at(-1)).toMatchObject({ name: 'Rick Roe' });
  });

  test('without a banner, a burst of DOM changes re-reads the page once per cooldown', async () => {
    setHtml(document.body, '<div id="list"><p>Patient list</p></div>');
    let reads = 0;
    watchPatient(document, {
      signal: controller.signal,
      schedule: idle.schedule,
      noBannerCooldownMs: 400,
      readContext: (doc) => {
        reads += 1;
        return readPatientContext(doc, 'https://ehr.example/list', { today });
      },
      onChange: () => {},
    });
    idle.flush();
    expect(reads).toBe(1);
    const list = document.getElementById('list') as Element;
    for (let i = 0; i < 50; i++) {
      list.append(document.createElement('p'));
      await settle();
      idle.flush();
    }
    expect(reads).toBe(1);
    await new Promise((r) => setTimeout(r, 450));
    idle.flush();
    expect(reads).toBe(2);
  });

  test('abort tears everything down', async () => {
    start();
    idle.flush();
    controller.abort();
    const before = idle.scheduled;
    (document.querySelector('h1') as Element).textContent = 'ROE, Rick';
    window.dispatchEvent(new PopStateEvent('popstate'));
    await settle();
    expect(idle.scheduled).toBe(before);
    expect(changes).toHaveLength(1);
  });

  test('checkNow reads the page immediately, for a re-check before a fill', () => {
    const watch = start();
    idle.flush();
    (document.querySelectorAll('dd')[1] as Element).textContent = '999';
    expect(watch.checkNow().context?.mrn).toBe('999');
    expect(changes).toHaveLength(2);
  });
});
