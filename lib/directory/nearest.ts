import KDBush from 'kdbush';

/**
 * A kd-tree (built by kdbush) over a set of points, with what the nearest-neighbour walk needs
 * stored in tree order as flat typed arrays: each point's member number, tag mask and position on
 * the unit sphere, and each tree node's 3-D bounding box. Plain data (numbers and typed arrays):
 * the walk needs nothing else from kdbush, so a tree is stored in IndexedDB as it is and a worker
 * start reads it back instead of building it again.
 */
export interface GeoTree {
  /** Points per leaf of the kd-tree. */
  readonly nodeSize: number;
  /** Number of real points (0 for an empty tree). */
  readonly size: number;
  /** Per tree position: the member (provider position in the directory). */
  readonly memberAt: Uint32Array;
  /** Per tree position: the provider's tag mask. */
  readonly maskAt: Uint32Array;
  /** Per tree position: unit-sphere x, y, z. */
  readonly xyzAt: Float64Array;
  /**
   * Per node, numbered as a binary heap (root 0, children 2k + 1 and 2k + 2; kdbush splits at the
   * middle, so the tree is balanced and the numbers stay below four times the node count): min x,
   * y, z, max x, y, z of the node's points.
   */
  readonly boxAt: Float64Array;
  /** Tags every point has: a query needing only these skips the mask test. */
  readonly implied: number;
}

const RAD = Math.PI / 180;
const EARTH_RADIUS_KM = 6371;

/**
 * Indexes points given as `[lng, lat]` pairs; `members[i]` and `masks[i]` describe point i.
 * Small leaves (16 points) suit the top-20 queries of the side panel.
 */
export function buildGeoTree(lngLat: ArrayLike<number>, members: ArrayLike<number>, masks: ArrayLike<number>, implied: number, nodeSize = 16): GeoTree {
  const size = members.length;
  const tree = new KDBush(Math.max(size, 1), nodeSize);
  for (let i = 0; i < size; i++) tree.add(lngLat[2 * i]!, lngLat[2 * i + 1]!);
  // KDBush cannot index zero points; an empty tree holds one point the walk never visits.
  if (size === 0) tree.add(0, 0);
  tree.finish();
  const memberAt = new Uint32Array(size);
  const maskAt = new Uint32Array(size);
  const xyzAt = new Float64Array(3 * size);
  for (let pos = 0; pos < size; pos++) {
    const i = tree.ids[pos]!;
    memberAt[pos] = members[i]!;
    maskAt[pos] = masks[i]!;
    const lat = tree.coords[2 * pos + 1]! * RAD;
    const lng = tree.coords[2 * pos]! * RAD;
    xyzAt[3 * pos] = Math.cos(lat) * Math.cos(lng);
    xyzAt[3 * pos + 1] = Math.cos(lat) * Math.sin(lng);
    xyzAt[3 * pos + 2] = Math.sin(lat);
  }
  const boxAt = new Float64Array(6 * (size > 0 ? lastNode(nodeSize, 0, size - 1, 0) + 1 : 0));
  if (size > 0) fillBoxes(boxAt, xyzAt, nodeSize, 0, size - 1, 0);
  return { nodeSize, size, memberAt, maskAt, xyzAt, boxAt, implied };
}

/** The highest node number under `node`, which spans positions left..right. */
function lastNode(nodeSize: number, left: number, right: number, node: number): number {
  if (right - left <= nodeSize) return node;
  const m = (left + right) >> 1;
  return Math.max(lastNode(nodeSize, left, m - 1, 2 * node + 1), lastNode(nodeSize, m + 1, right, 2 * node + 2));
}

/** Bounding boxes of every node, bottom-up. */
function fillBoxes(boxAt: Float64Array, xyz: Float64Array, nodeSize: number, left: number, right: number, node: number): void {
  const m = (left + right) >> 1;
  const b = 6 * node;
  if (right - left <= nodeSize) {
    boxAt.fill(Infinity, b, b + 3);
    boxAt.fill(-Infinity, b + 3, b + 6);
    for (let pos = left; pos <= right; pos++) extend(boxAt, b, xyz, 3 * pos);
    return;
  }
  fillBoxes(boxAt, xyz, nodeSize, left, m - 1, 2 * node + 1);
  fillBoxes(boxAt, xyz, nodeSize, m + 1, right, 2 * node + 2);
  const l = 6 * (2 * node + 1);
  const r = 6 * (2 * node + 2);
  for (let axis = 0; axis < 3; axis++) {
    boxAt[b + axis] = Math.min(boxAt[l + axis]!, boxAt[r + axis]!, xyz[3 * m + axis]!);
    boxAt[b + 3 + axis] = Math.max(boxAt[l + 3 + axis]!, boxAt[r + 3 + axis]!, xyz[3 * m + axis]!);
  }
}

function extend(boxAt: Float64Array, b: number, xyz: Float64Array, p: number): void {
  for (let axis = 0; axis < 3; axis++) {
    const v = xyz[p + axis]!;
    if (v < boxAt[b + axis]!) boxAt[b + axis] = v;
    if (v > boxAt[b + 3 + axis]!) boxAt[b + 3 + axis] = v;
  }
}

// Scratch space shared by every query (queries are synchronous): a min-heap of tree nodes keyed
// by the lower bound of their squared chord distance, and the best points found so far.
let capacity = 256;
let nodeDist = new Float64Array(capacity);
let nodeLeft = new Int32Array(capacity);
let nodeRight = new Int32Array(capacity);
let nodeId = new Int32Array(capacity);
let heapSize = 0;
let bestDist = new Float64Array(32);
let bestPos = new Int32Array(32);

function pushNode(dist: number, left: number, right: number, id: number): void {
  if (heapSize === capacity) {
    capacity *= 2;
    nodeDist = grown(nodeDist, capacity);
    nodeLeft = grown(nodeLeft, capacity);
    nodeRight = grown(nodeRight, capacity);
    nodeId = grown(nodeId, capacity);
  }
  let at = heapSize++;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (nodeDist[parent]! <= dist) break;
    nodeDist[at] = nodeDist[parent]!;
    nodeLeft[at] = nodeLeft[parent]!;
    nodeRight[at] = nodeRight[parent]!;
    nodeId[at] = nodeId[parent]!;
    at = parent;
  }
  nodeDist[at] = dist;
  nodeLeft[at] = left;
  nodeRight[at] = right;
  nodeId[at] = id;
}

/** Removes the nearest node, leaving it in `popped*`. */
let poppedDist = 0;
let poppedLeft = 0;
let poppedRight = 0;
let poppedId = 0;
function popNode(): void {
  poppedDist = nodeDist[0]!;
  poppedLeft = nodeLeft[0]!;
  poppedRight = nodeRight[0]!;
  poppedId = nodeId[0]!;
  const last = --heapSize;
  if (last === 0) return;
  const dist = nodeDist[last]!;
  const left = nodeLeft[last]!;
  const right = nodeRight[last]!;
  const id = nodeId[last]!;
  let at = 0;
  const half = heapSize >> 1;
  while (at < half) {
    let child = 2 * at + 1;
    if (child + 1 < heapSize && nodeDist[child + 1]! < nodeDist[child]!) child++;
    if (nodeDist[child]! >= dist) break;
    nodeDist[at] = nodeDist[child]!;
    nodeLeft[at] = nodeLeft[child]!;
    nodeRight[at] = nodeRight[child]!;
    nodeId[at] = nodeId[child]!;
    at = child;
  }
  nodeDist[at] = dist;
  nodeLeft[at] = left;
  nodeRight[at] = right;
  nodeId[at] = id;
}

function grown<T extends Float64Array | Int32Array>(old: T, size: number): T {
  const next = new (old.constructor as new (n: number) => T)(size);
  next.set(old);
  return next;
}

/** Squared distance from (qx, qy, qz) to the box of node `node`. */
function boxDist(boxAt: Float64Array, node: number, qx: number, qy: number, qz: number): number {
  const b = 6 * node;
  const dx = Math.max(boxAt[b]! - qx, 0, qx - boxAt[b + 3]!);
  const dy = Math.max(boxAt[b + 1]! - qy, 0, qy - boxAt[b + 4]!);
  const dz = Math.max(boxAt[b + 2]! - qz, 0, qz - boxAt[b + 5]!);
  return dx * dx + dy * dy + dz * dz;
}

/**
 * Members of the `limit` nearest points to (lng, lat) within `maxKm` whose mask passes, nearest
 * first: with `require`, every bit of it present; with `rejectAll`, not every bit of it present.
 *
 * Branch-and-bound k-nearest search over the kd-tree, measuring on the unit sphere: a point's
 * squared chord orders points exactly as great-circle distance does and needs no trigonometry,
 * and a node's 3-D bounding box bounds its points' distance in six comparisons. Nodes are opened
 * nearest first and the walk stops when the nearest unopened node is farther than the k-th best
 * point. (geokdbush's `around` walks the same tree with trigonometric bounds and an object per
 * visited node and point; that was most of its time here.)
 */
export function nearestInTree(t: GeoTree, lng: number, lat: number, limit: number, maxKm: number, require: number, rejectAll = 0): number[] {
  if (t.size === 0 || limit <= 0) return [];
  if (bestDist.length < limit) {
    bestDist = new Float64Array(limit);
    bestPos = new Int32Array(limit);
  }
  // Squared chord of the search radius; 4 (the diameter squared) when unlimited.
  let worst = maxKm === Infinity ? 4 : (2 * Math.sin(Math.min(maxKm / EARTH_RADIUS_KM, Math.PI) / 2)) ** 2;
  const need = (require & ~t.implied) >>> 0;
  const nodeSize = t.nodeSize;
  const { maskAt, xyzAt, boxAt, memberAt } = t;
  const cosLat = Math.cos(lat * RAD);
  const qx = cosLat * Math.cos(lng * RAD);
  const qy = cosLat * Math.sin(lng * RAD);
  const qz = Math.sin(lat * RAD);
  const bd = bestDist;
  const bp = bestPos;
  let found = 0;
  heapSize = 0;
  pushNode(0, 0, t.size - 1, 0);
  while (heapSize > 0) {
    popNode();
    if (poppedDist > worst) break;
    const left = poppedLeft;
    const right = poppedRight;
    const node = poppedId;
    const leaf = right - left <= nodeSize;
    const m = (left + right) >> 1;
    const from = leaf ? left : m;
    const to = leaf ? right : m;
    for (let pos = from; pos <= to; pos++) {
      const mask = maskAt[pos]!;
      if ((mask & need) !== need || (rejectAll !== 0 && (mask & rejectAll) === rejectAll)) continue;
      const dx = xyzAt[3 * pos]! - qx;
      const dy = xyzAt[3 * pos + 1]! - qy;
      const dz = xyzAt[3 * pos + 2]! - qz;
      const dist = dx * dx + dy * dy + dz * dz;
      if (dist > worst || (found === limit && dist === worst)) continue;
      let at = found < limit ? found++ : limit - 1;
      while (at > 0 && bd[at - 1]! > dist) {
        bd[at] = bd[at - 1]!;
        bp[at] = bp[at - 1]!;
        at--;
      }
      bd[at] = dist;
      bp[at] = pos;
      if (found === limit) worst = bd[limit - 1]!;
    }
    if (!leaf) {
      const leftDist = boxDist(boxAt, 2 * node + 1, qx, qy, qz);
      if (leftDist <= worst) pushNode(leftDist, left, m - 1, 2 * node + 1);
      const rightDist = boxDist(boxAt, 2 * node + 2, qx, qy, qz);
      if (rightDist <= worst) pushNode(rightDist, m + 1, right, 2 * node + 2);
    }
  }
  const result = new Array<number>(found);
  for (let i = 0; i < found; i++) result[i] = memberAt[bp[i]!]!;
  return result;
}
