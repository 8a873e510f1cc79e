// Synthetic EHR chart pages for the extractor's performance test and benchmark: a patient banner
// in one of several layouts, buried in a realistic chart (navigation, problem and medication
// lists, a visit note, several results tables, an order form) grown to a target node count.
// Deterministic for a given seed. All patients are synthetic.

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BANNERS: Record<string, () => string> = {
  dl: () => `<div class="patient-header"><h1>DOE, JANE M</h1><dl><dt>DOB</dt><dd>02/03/1990 (36 y)</dd><dt>Sex</dt><dd>F</dd><dt>MRN</dt><dd>000123</dd><dt>Address</dt><dd>12 Oak St, Springfield, IL 62704</dd></dl></div>`,
  table: () => `<table id="demo"><tr><th>Patient</th><td>Jane M Doe</td><th>Date of birth</th><td>03-Feb-1990</td></tr><tr><th>Gender</th><td>Female</td><th>Chart #</th><td>000123</td></tr></table>`,
  keyAbove: () => `<header class="pt-bar"><div class="nm">Jane Doe</div><div><div>DOB</div><div>1990-02-03 (36Y)</div></div><div><div>Sex assigned at birth</div><div>Female</div></div><div><div>Patient ID</div><div>000123</div></div></header>`,
  text: () => `<div id="banner"><b>Doe, Jane</b> | DOB: 02/03/1990 (36 yo) | Sex: F | MRN: 000123</div>`,
  unhinted: () => `<div><div><h2>Jane Doe</h2><p>DOB: 02/03/1990</p><p>MRN: 000123</p><p>Sex: F</p></div></div>`,
};

/**
 * HTML of a chart page with about `nodes` DOM nodes (elements and text) and the banner in layout
 * `banner` (dl, table, keyAbove, text, unhinted).
 */
export function syntheticChart({ nodes = 5000, seed = 1, banner = 'dl' }: { nodes?: number; seed?: number; banner?: string } = {}): string {
  const random = rng(seed);
  const pick = (list: readonly string[]): string => list[Math.floor(random() * list.length)] ?? '';
  const labs = ['Hemoglobin A1c', 'ALT', 'AST', 'GGT', 'Creatinine', 'Sodium', 'Potassium', 'TSH', 'LDL', 'HDL'];
  const meds = ['Lisinopril 10 mg daily', 'Metformin 500 mg twice daily', 'Atorvastatin 20 mg nightly', 'Ibuprofen 400 mg as needed'];
  const parts = [
    `<header class="app-bar"><span class="app-name">Chart</span><nav>${['Summary', 'Orders', 'Results', 'Notes', 'Billing'].map((t) => `<a href="#">${t}</a>`).join('')}</nav></header>`,
    (BANNERS[banner] ?? BANNERS.dl!)(),
    `<section class="panel"><h2>Problems</h2><ul><li>Essential hypertension (I10)</li><li>Low back pain (M54.5)</li></ul></section>`,
    `<section class="panel"><h2>Medications</h2><ul>${meds.map((m) => `<li>${m}</li>`).join('')}</ul></section>`,
    `<section class="panel"><h2>Visit note</h2><p>Patient seen for follow-up. Blood pressure improved. Discussed diet, exercise and sleep. Return in 3 months.</p></section>`,
    `<form class="order"><label for="o1">Order</label><input id="o1"><label for="o2">Priority</label><select id="o2"><option>Routine</option><option>Urgent</option></select><button>Sign</button></form>`,
  ];
  let html = parts.join('');
  // Each results row is 9 nodes: tr, 4 td, 4 text.
  const fixedNodes = html.split('<').length * 2;
  const rows = Math.max(0, Math.floor((nodes - fixedNodes - 40) / 9));
  const tables: string[] = [];
  for (let t = 0; t * 200 < rows; t++) {
    const tr: string[] = [];
    for (let i = t * 200; i < Math.min(rows, (t + 1) * 200); i++) {
      const y = 2010 + Math.floor(random() * 16);
      const m = 1 + Math.floor(random() * 12);
      const d = 1 + Math.floor(random() * 28);
      tr.push(`<tr><td>${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}</td><td>${pick(labs)}</td><td>${(3 + random() * 9).toFixed(1)}</td><td>${random() < 0.15 ? 'H' : 'N'}</td></tr>`);
    }
    tables.push(`<section class="panel"><h2>Results ${t + 1}</h2><table class="results"><thead><tr><th>Date</th><th>Test</th><th>Value</th><th>Flag</th></tr></thead><tbody>${tr.join('')}</tbody></table></section>`);
  }
  html += `<main>${tables.join('')}</main>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chart</title></head><body>${html}</body></html>`;
}

/** The banner layouts `syntheticChart` can bury in a chart. */
export const BANNER_LAYOUTS: readonly string[] = Object.keys(BANNERS);
