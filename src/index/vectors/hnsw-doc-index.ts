/**
 * Document vectors in an hnswlib graph (cosine space): approximate nearest neighbours at a cost that
 * grows slowly with the corpus, for dense embeddings. On disk (doc-vectors.bin): hnswlib's own format.
 */
import { writeFile } from "node:fs/promises";
import hnswlib from "hnswlib-node";
import { fileInfo, type FileInfo } from "../manifest.js";
import type { DocVectorIndex, KeyFilter } from "./doc-index.js";
import type { HnswParams } from "./params.js";

export class HnswDocIndex implements DocVectorIndex {
  readonly prefersCandidates = false;
  /** Search breadth at query time (at least `k` is used); starts at `params.efSearch`. */
  ef: number;
  private graph: hnswlib.HierarchicalNSW;

  constructor(
    readonly dim: number,
    private readonly params: Pick<HnswParams, "M" | "efConstruction" | "efSearch">,
    graph?: hnswlib.HierarchicalNSW,
  ) {
    this.graph = graph ?? HnswDocIndex.emptyGraph(dim, params, 1024);
    this.ef = params.efSearch;
    this.graph.setEf(this.ef);
  }

  private static emptyGraph(dim: number, params: Pick<HnswParams, "M" | "efConstruction">, maxElements: number): hnswlib.HierarchicalNSW {
    const graph = new hnswlib.HierarchicalNSW("cosine", dim);
    graph.initIndex({ maxElements, m: params.M, efConstruction: params.efConstruction, randomSeed: 42 });
    return graph;
  }

  /**
   * The graph saved in `file` by `save`; `bytes`, the file's bytes when the caller has read them, are
   * checked for the dimension first (hnswlib takes it from the caller and would read any file as `dim`-d).
   */
  static async read(file: string, dim: number, params: HnswParams, bytes?: Buffer): Promise<HnswDocIndex> {
    if (bytes) {
      // hnswlib's header: size_t fields, label_offset_ (at 32) − offsetData_ (at 40) = 4 bytes × dim
      if (bytes.byteLength < 48) throw new Error(`${file} is too short for an hnswlib index`);
      const stored = Number(bytes.readBigUInt64LE(32) - bytes.readBigUInt64LE(40)) / 4;
      if (stored !== dim) throw new Error(`${file} holds ${stored}-d vectors, expected ${dim}`);
    }
    const graph = new hnswlib.HierarchicalNSW("cosine", dim);
    await graph.readIndex(file, true);
    return new HnswDocIndex(dim, params, graph);
  }

  get count(): number {
    return this.graph.getCurrentCount();
  }

  add(vectors: ArrayLike<number>[], keys: number[]): void {
    if (vectors.length === 0) return;
    const needed = this.graph.getCurrentCount() + vectors.length;
    if (needed > this.graph.getMaxElements()) this.graph.resizeIndex(Math.max(needed, Math.ceil(this.graph.getMaxElements() * 1.5)));
    vectors.forEach((v, i) => {
      if (v.length !== this.dim) throw new Error(`vector of dimension ${v.length} given to a ${this.dim}-d index`);
      this.graph.addPoint(Array.isArray(v) ? v : Array.from(v), keys[i]!);
    });
  }

  markDeleted(key: number): void {
    try {
      this.graph.markDelete(key);
    } catch {
      // already deleted or never added: nothing to do
    }
  }

  search(query: number[], k: number, keyFilter?: KeyFilter, among?: Iterable<number>): number[] {
    if (k <= 0) return [];
    if (among) return this.searchAmong(query, k, among, keyFilter);
    const count = this.graph.getCurrentCount();
    if (count === 0) return [];
    this.graph.setEf(Math.max(this.ef, k));
    try {
      return this.graph.searchKnn(query, Math.min(k, count), keyFilter).neighbors;
    } catch {
      return []; // fewer live documents than asked for after deletions
    }
  }

  /** Exact cosine among the given keys, from the vectors the graph stores (normalised by hnswlib). */
  private searchAmong(query: number[], k: number, among: Iterable<number>, keyFilter?: KeyFilter): number[] {
    const scored: Array<[number, number]> = [];
    const seen = new Set<number>();
    for (const key of among) {
      if (seen.has(key)) continue;
      seen.add(key);
      if (keyFilter && !keyFilter(key)) continue;
      let v: number[];
      try {
        v = this.graph.getPoint(key);
      } catch {
        continue; // deleted or never added
      }
      let s = 0;
      for (let j = 0; j < this.dim; j++) s += query[j]! * v[j]!;
      scored.push([s, key]);
    }
    scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    return scored.slice(0, k).map((t) => t[1]);
  }

  vector(key: number): number[] {
    return this.graph.getPoint(key);
  }

  /**
   * The least hnswlib writes for this graph: its header, every element's level-0 record (2·M links,
   * the vector, the label) and the size of its upper-level links. A file shorter than this was cut.
   */
  private leastFileBytes(): number {
    const n = this.graph.getCurrentCount();
    return 96 + n * (4 + 2 * this.params.M * 4 + this.dim * 4 + 8) + n * 4;
  }

  estimatedFileBytes(): number {
    // upper levels: about one element in M has links there, M of them
    return this.leastFileBytes() + Math.ceil(this.graph.getCurrentCount() / this.params.M) * (4 + this.params.M * 4);
  }

  async save(file: string): Promise<FileInfo> {
    await writeFile(file, "", { flag: "wx" });
    await this.graph.writeIndex(file);
    const info = await fileInfo(file);
    // hnswlib writes through a C++ stream that does not report a full disk: check that nothing was cut
    if (info.bytes < this.leastFileBytes()) {
      throw Object.assign(new Error(`ENOSPC: the hnswlib graph ${file} was cut short (${info.bytes} bytes, at least ${this.leastFileBytes()} expected): the disk is full`), { code: "ENOSPC" });
    }
    return info;
  }

  /** Rebuilds the graph from its own stored vectors (nothing is re-embedded). */
  compact(keys: number[], newKey: (old: number) => number): void {
    const next = HnswDocIndex.emptyGraph(this.dim, this.params, Math.max(1024, keys.length));
    for (const k of keys) next.addPoint(this.graph.getPoint(k), newKey(k));
    next.setEf(this.ef);
    this.graph = next;
  }
}
