// Directory search benchmark: kd-tree index vs the best linear scan, side by side in one run.
// Run: node tests/bench/directory/search.bench.mjs [--quick] [--startup-only]
// BRIDGE_COMPARE_BUNDLE=path/to/directory.json also times an earlier JSON bundle (e.g.
// `git show <rev>:public/data/directory.json`) in the same run, beside the binary one.
// TypeScript modules are loaded through jiti (a dependency of vite, wxt and eslint), so the
// benchmark runs the same code the extension ships.
import { createJiti } from 'jiti';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const jiti = createJiti(import.meta.url);
const { importSu2021Csv } = await jiti.import(path.join(root, 'lib/directory/importers/samhsa-su-2021.ts'));
const { buildDirectoryIndex, nearestProviders, nearestProviderPositions, tagMask } = await jiti.import(path.join(root, 'lib/directory/search.ts'));
const { decodeDirectory, encodeDirectory } = await jiti.import(path.join(root, 'lib/directory/compact.ts'));
const { packDirectory, openPackedDirectory } = await jiti.import(path.join(root, 'lib/directory/packed.ts'));
const { decodeBundle } = await jiti.import(path.join(root, 'lib/directory/bundle.ts'));
const { decodeZipCentroids } = await jiti.import(path.join(root, 'lib/geo/zip-centroids.ts'));

const quick = process.argv.includes('--quick');
const QUERIES = quick ? 300 : 1000;
const ROUNDS = quick ? 3 : 5;
const RADIUS_MILES = 500 / 1.609344;

// Deterministic generator (mulberry32) so runs compare.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Synthetic services with independent probabilities, chosen so the filter pairs pass
// 36%, 10% and 2% of facilities (the real 2021 file lists no services).
const TAG_ODDS = {
  'private-insurance': 0.6, 'sliding-fee': 0.6, medicaid: 0.5, outpatient: 0.2, methadone: 0.1, spanish: 0.2,
  buprenorphine: 0.3, telehealth: 0.4, naltrexone: 0.15, adolescents: 0.1, 'pregnant-postpartum': 0.2, veterans: 0.15,
};
const MIXES = [
  ['private-insurance', 'sliding-fee'],
  ['buprenorphine', 'medicaid'],
  ['medicaid', 'outpatient'],
  ['naltrexone', 'telehealth'],
  ['veterans', 'outpatient'],
  ['methadone', 'spanish'],
  ['adolescents', 'pregnant-postpartum'],
];

function withServices(base, count, seed) {
  const random = rng(seed);
  const out = new Array(count);
  for (let i = 0; i < count; i++) {
    const p = base[i % base.length];
    const services = Object.entries(TAG_ODDS).filter(([, odds]) => random() < odds).map(([tag]) => tag);
    const jitter = i < base.length ? 0 : 0.05;
    out[i] = {
      ...p,
      id: `${p.id}-${i}`,
      lat: Math.max(-89, Math.min(89, p.lat + (random() - 0.5) * jitter * 2)),
      lng: Math.max(-179, Math.min(179, p.lng + (random() - 0.5) * jitter * 2)),
      services,
      servicesKnown: true,
    };
  }
  return out;
}

const RAD = Math.PI / 180;
/**
 * The best linear scan we could write: typed arrays, tag mask tested first, haversine only for
 * passing rows and only the squared-sine term (no asin), top-k kept by insertion with an early
 * reject against the current k-th distance.
 */
function makeLinearScan(providers) {
  const n = providers.length;
  const lat = new Float64Array(n);
  const lng = new Float64Array(n);
  const cosLat = new Float64Array(n);
  const masks = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    lat[i] = providers[i].lat * RAD;
    lng[i] = providers[i].lng * RAD;
    cosLat[i] = Math.cos(lat[i]);
    masks[i] = tagMask(providers[i].services);
  }
  const maxHav = Math.sin(500 / 6371 / 2) ** 2;
  return (origin, mask, k) => {
    const la = origin.lat * RAD;
    const lo = origin.lng * RAD;
    const cosA = Math.cos(la);
    const bestD = new Float64Array(k);
    const bestI = new Int32Array(k);
    let size = 0;
    let worst = maxHav;
    for (let i = 0; i < n; i++) {
      if ((masks[i] & mask) !== mask) continue;
      const s1 = Math.sin((lat[i] - la) / 2);
      const s2 = Math.sin((lng[i] - lo) / 2);
      const h = s1 * s1 + cosA * cosLat[i] * s2 * s2;
      if (h > worst) continue;
      let j = size < k ? size++ : k - 1;
      while (j > 0 && bestD[j - 1] > h) {
        bestD[j] = bestD[j - 1];
        bestI[j] = bestI[j - 1];
        j--;
      }
      bestD[j] = h;
      bestI[j] = i;
      if (size === k) worst = bestD[k - 1];
    }
    return Array.from(bestI.subarray(0, size));
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

// CPU time of this process (user + system), not wall time: the benchmark machine is shared, and
// time spent descheduled would otherwise land on whichever side happened to be running.
function timePerQuery(points, run) {
  const perRound = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.cpuUsage();
    for (const point of points) run(point);
    const used = process.cpuUsage(start);
    perRound.push((used.user + used.system) / points.length);
  }
  return median(perRound);
}

function bench(label, providers, seed) {
  const random = rng(seed);
  const points = Array.from({ length: QUERIES }, () => {
    const p = providers[Math.floor(random() * providers.length)];
    return { lat: p.lat + (random() - 0.5), lng: p.lng + (random() - 0.5) };
  });
  let t = performance.now();
  const index = buildDirectoryIndex(providers);
  const buildMs = performance.now() - t;
  const scan = makeLinearScan(providers);
  console.log(`\n${label}: ${providers.length} providers, index build ${buildMs.toFixed(1)} ms, ${index.byPair.size} pair sub-indexes`);
  console.log('filters (top 20 within 500 km)'.padEnd(40), ' pass', 'index µs', 'scan µs', 'speed-up', '+explanations µs', '(CPU µs per query, median of rounds)');
  for (const mix of MIXES) {
    const mask = tagMask(mix);
    const pass = providers.filter((p) => (tagMask(p.services) & mask) === mask).length / providers.length;
    const query = { need: mix, limit: 20, maxMiles: RADIUS_MILES, includeUnlisted: false };
    // Warm both paths before timing.
    for (const point of points.slice(0, 50)) {
      nearestProviders(index, point, query);
      nearestProviderPositions(index, point, mask, 20, RADIUS_MILES);
      scan(point, mask, 20);
    }
    const indexUs = timePerQuery(points, (point) => nearestProviderPositions(index, point, mask, 20, RADIUS_MILES));
    const scanUs = timePerQuery(points, (point) => scan(point, mask, 20));
    const fullUs = timePerQuery(points, (point) => nearestProviders(index, point, query));
    console.log(mix.join(' + ').padEnd(40), `${(pass * 100).toFixed(1)}%`.padStart(5), indexUs.toFixed(1).padStart(8), scanUs.toFixed(1).padStart(8), `${(scanUs / indexUs).toFixed(1)}×`.padStart(8), fullUs.toFixed(1).padStart(10));
  }
}

if (!process.argv.includes('--startup-only')) {
  const dataDir = process.env.BRIDGE_DATA_DIR ?? path.resolve(root, '../shared/data');
  const real = importSu2021Csv(fs.readFileSync(path.join(dataDir, 'samhsa-treatment-facilities-2021.csv'), 'utf8'));
  if (!real.ok) throw new Error(real.message);
  const base = real.providers;
  bench('Real 2021 facilities with synthetic services', withServices(base, base.length, 1), 2);
  bench('Synthetic 200,000', withServices(base, 200_000, 3), 4);
}

const bundled = path.join(root, 'public/data/directory.bin');
if (fs.existsSync(bundled)) {
  // First need on an install: the bundle as shipped decoded into listings (ids derived on load),
  // then indexed; beside it, when given, an earlier JSON bundle (JSON.parse + decode).
  const bytes = new Uint8Array(fs.readFileSync(bundled));
  const zipBytes = new Uint8Array(fs.readFileSync(path.join(root, 'public/data/zip-centroids.bin')));
  const compare = process.env.BRIDGE_COMPARE_BUNDLE ? fs.readFileSync(process.env.BRIDGE_COMPARE_BUNDLE, 'utf8') : null;
  const zipTable = [];
  const binary = [];
  const json = [];
  const build = [];
  let bundle;
  for (let r = 0; r < 7; r++) {
    let t = process.cpuUsage();
    const zips = decodeZipCentroids(zipBytes);
    zipTable.push(cpuMs(t));
    t = process.cpuUsage();
    bundle = decodeBundle(bytes, zips);
    binary.push(cpuMs(t));
    t = process.cpuUsage();
    buildDirectoryIndex(bundle.providers);
    build.push(cpuMs(t));
    if (compare) {
      t = process.cpuUsage();
      decodeDirectory(JSON.parse(compare));
      json.push(cpuMs(t));
    }
  }
  console.log(`\nDirectory bundle (directory.bin, ${(bytes.length / 1024).toFixed(0)} KiB): decode ${median(binary).toFixed(1)} ms (+ ZIP table ${median(zipTable).toFixed(1)} ms), index build ${median(build).toFixed(1)} ms (CPU, medians of 7)`);
  if (compare) console.log(`  same rounds, earlier JSON bundle (${(compare.length / 1024).toFixed(0)} KiB): JSON.parse + decode ${median(json).toFixed(1)} ms`);
  const storedText = JSON.stringify(encodeDirectory(bundle.providers, bundle.sources, bundle.generated, true));
  const parse = [];
  const decode = [];
  for (let r = 0; r < 5; r++) {
    let t = process.cpuUsage();
    const parsed = JSON.parse(storedText);
    parse.push(cpuMs(t));
    t = process.cpuUsage();
    decodeDirectory(parsed);
    decode.push(cpuMs(t));
  }
  console.log(`Directory record of an earlier Bridge (compact JSON with ids, ${(storedText.length / 1024).toFixed(0)} KiB): JSON.parse ${median(parse).toFixed(1)} ms, decode ${median(decode).toFixed(1)} ms (CPU, medians of 5)`);
  // The packed record the background now stores: a structured clone (what an IndexedDB read
  // does), opening it, and the first search with its 20 listings decoded.
  const packed = packDirectory(bundle.providers, bundle.sources, bundle.generated);
  const clone = [];
  const open = [];
  const first = [];
  for (let r = 0; r < 5; r++) {
    let t = process.cpuUsage();
    const copy = structuredClone(packed);
    clone.push(cpuMs(t));
    t = process.cpuUsage();
    const opened = openPackedDirectory(copy);
    open.push(cpuMs(t));
    t = process.cpuUsage();
    nearestProviders(opened.index, { lat: 42.357, lng: -71.06 }, { limit: 20 });
    first.push(cpuMs(t));
  }
  console.log(`Directory packed record: structured clone ${median(clone).toFixed(1)} ms, open ${median(open).toFixed(2)} ms, first search (20 listings decoded) ${median(first).toFixed(2)} ms (CPU, medians of 5)`);
}

function cpuMs(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
