/**
 * Fits gradient-boosted decision trees with the logistic loss (src/models/trees.ts reads them):
 * features binned at their quantiles (at most MAX_BINS values a feature), trees grown level by level
 * from per-bin sums of gradients and hessians (a child's sums are its parent's less its sibling's),
 * leaves shrunk by the learning rate and an L2 penalty. Deterministic: no sampling. Used by the fit
 * scripts only.
 */
import type { Tree, TreeEnsemble } from "../models/trees.js";

export interface TreeOptions {
  trees?: number;
  depth?: number;
  rate?: number;
  /** L2 penalty on leaf values. */
  lambda?: number;
  /** Least hessian a leaf may hold (about the number of confidently labelled examples). */
  minHessian?: number;
  /** Called after every tree with its number (progress on long fits). */
  onTree?: (n: number) => void;
}

export interface TreeData {
  /** Row-major feature values, rows × features. */
  x: Float32Array;
  y: Uint8Array;
  /** How much each row counts (default 1). */
  weight?: Float32Array;
  /** Each row's starting log-odds (another model's), which the trees correct; the prior's otherwise. */
  base?: Float64Array;
}

const MAX_BINS = 64;

/** The thresholds that split a feature's values into at most MAX_BINS bins of about equal size. */
function binEdges(values: Float32Array): number[] {
  const sorted = Float32Array.from(values).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  if (distinct.length <= MAX_BINS) return distinct.slice(0, -1).map((v, i) => (v + distinct[i + 1]!) / 2);
  const edges: number[] = [];
  for (let b = 1; b < MAX_BINS; b++) {
    const v = sorted[Math.floor((b * sorted.length) / MAX_BINS)]!;
    const below = distinct.filter((d) => d < v).at(-1);
    if (below !== undefined) {
      const edge = (below + v) / 2;
      if (edges.at(-1) !== edge) edges.push(edge);
    }
  }
  return edges;
}

interface Node {
  rows: Uint32Array;
  depth: number;
  id: number;
  hist?: Float64Array;
}

export function fitTrees(features: readonly string[], data: TreeData, opts: TreeOptions = {}): TreeEnsemble {
  const d = features.length;
  const n = data.y.length;
  const { trees = 200, depth = 5, rate = 0.1, lambda = 1, minHessian = 1 } = opts;
  const weight = data.weight ?? new Float32Array(n).fill(1);
  // bins, one column per feature
  const edges: number[][] = [];
  const bins: Uint8Array[] = [];
  for (let f = 0; f < d; f++) {
    const col = new Float32Array(n);
    for (let i = 0; i < n; i++) col[i] = data.x[i * d + f]!;
    const e = binEdges(col);
    edges.push(e);
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let lo = 0;
      let hi = e.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (col[i]! > e[mid]!) lo = mid + 1;
        else hi = mid;
      }
      b[i] = lo;
    }
    bins.push(b);
  }
  let wy = 0;
  let wt = 0;
  for (let i = 0; i < n; i++) {
    wy += weight[i]! * data.y[i]!;
    wt += weight[i]!;
  }
  const prior = Math.min(Math.max(wy / wt, 1e-6), 1 - 1e-6);
  const bias = Math.log(prior / (1 - prior));
  const z = data.base ? Float64Array.from(data.base, (b) => b + bias) : new Float64Array(n).fill(bias);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const out: Tree[] = [];
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  for (let t = 0; t < trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-z[i]!));
      g[i] = weight[i]! * (p - data.y[i]!);
      h[i] = weight[i]! * Math.max(p * (1 - p), 1e-6);
    }
    const tree = growTree(all, bins, edges, g, h, { depth, lambda, minHessian, rate });
    for (let i = 0; i < n; i++) {
      let node = 0;
      while (tree.feature[node]! >= 0) node = bins[tree.feature[node]!]![i]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
      z[i]! += tree.value[node]!;
    }
    // thresholds were bin numbers while growing; store them as feature values
    for (let k = 0; k < tree.feature.length; k++)
      if (tree.feature[k]! >= 0) tree.threshold[k] = Number(edges[tree.feature[k]!]![tree.threshold[k]!]!.toPrecision(7));
    out.push(tree);
    opts.onTree?.(t + 1);
  }
  return { kind: "trees", features: [...features], bias: Number(bias.toPrecision(7)), trees: out };
}

/** Per-bin sums of gradient and hessian of some rows, for every feature: [f][bin] → (g, h). */
function histogram(rows: Uint32Array, bins: Uint8Array[], g: Float64Array, h: Float64Array): Float64Array {
  const hist = new Float64Array(bins.length * MAX_BINS * 2);
  for (let f = 0; f < bins.length; f++) {
    const col = bins[f]!;
    const base = f * MAX_BINS * 2;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      const at = base + col[i]! * 2;
      hist[at]! += g[i]!;
      hist[at + 1]! += h[i]!;
    }
  }
  return hist;
}

function growTree(
  rows: Uint32Array,
  bins: Uint8Array[],
  edges: number[][],
  g: Float64Array,
  h: Float64Array,
  o: { depth: number; lambda: number; minHessian: number; rate: number },
): Tree {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const newNode = (): number => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    return tree.feature.length - 1;
  };
  let level: Node[] = [{ rows, depth: 0, id: newNode(), hist: histogram(rows, bins, g, h) }];
  while (level.length) {
    const next: Node[] = [];
    for (const node of level) {
      const hist = node.hist!;
      let G = 0;
      let H = 0;
      for (let b = 0; b < MAX_BINS; b++) {
        G += hist[b * 2]!;
        H += hist[b * 2 + 1]!;
      }
      tree.value[node.id] = Number(((-G / (H + o.lambda)) * o.rate).toPrecision(7));
      if (node.depth >= o.depth || H < 2 * o.minHessian) continue;
      const split = bestSplit(hist, edges, G, H, o);
      if (!split) continue;
      const col = bins[split.feature]!;
      let nLeft = 0;
      for (const i of node.rows) if (col[i]! <= split.bin) nLeft++;
      const leftRows = new Uint32Array(nLeft);
      const rightRows = new Uint32Array(node.rows.length - nLeft);
      let a = 0;
      let b = 0;
      for (const i of node.rows) {
        if (col[i]! <= split.bin) leftRows[a++] = i;
        else rightRows[b++] = i;
      }
      tree.feature[node.id] = split.feature;
      tree.threshold[node.id] = split.bin;
      const left: Node = { rows: leftRows, depth: node.depth + 1, id: newNode() };
      const right: Node = { rows: rightRows, depth: node.depth + 1, id: newNode() };
      tree.left[node.id] = left.id;
      tree.right[node.id] = right.id;
      // the smaller child's histogram is built; the larger one's is the parent's less it
      const [small, large] = leftRows.length <= rightRows.length ? [left, right] : [right, left];
      small.hist = histogram(small.rows, bins, g, h);
      const rest = new Float64Array(hist.length);
      for (let k = 0; k < hist.length; k++) rest[k] = hist[k]! - small.hist[k]!;
      large.hist = rest;
      next.push(left, right);
    }
    for (const node of level) node.hist = undefined;
    level = next;
  }
  return tree;
}

function bestSplit(
  hist: Float64Array,
  edges: number[][],
  G: number,
  H: number,
  o: { lambda: number; minHessian: number },
): { feature: number; bin: number } | undefined {
  const parent = (G * G) / (H + o.lambda);
  let best: { feature: number; bin: number; gain: number } | undefined;
  for (let f = 0; f < edges.length; f++) {
    const base = f * MAX_BINS * 2;
    let gl = 0;
    let hl = 0;
    for (let b = 0; b < edges[f]!.length; b++) {
      gl += hist[base + b * 2]!;
      hl += hist[base + b * 2 + 1]!;
      const gr = G - gl;
      const hr = H - hl;
      if (hl < o.minHessian || hr < o.minHessian) continue;
      const gain = (gl * gl) / (hl + o.lambda) + (gr * gr) / (hr + o.lambda) - parent;
      if (gain > 1e-9 && (!best || gain > best.gain)) best = { feature: f, bin: b, gain };
    }
  }
  return best;
}
