/**
 * The index as the engine uses it: articles (metadata and body), chunk records, the BM25 index and
 * the vectors (vectors/store.ts), all addressed by integer labels, in memory. Where it is kept between
 * processes is its store's business (index-store.ts): every change is told to the store, which loads
 * a generation (snapshot-read.ts) and saves one (file-store.ts).
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Chunk } from "../types.js";
import { addTerms } from "../text/tokenizer.js";
import type { Bm25Index } from "./bm25.js";
import { FileIndexStore } from "./file-store.js";
import { REMOVED_CHUNK } from "./index-files.js";
import type { IndexStore, SaveOptions } from "./index-store.js";
import type { IndexBatch, JournalRecord } from "./journal.js";
import type { Manifest } from "./manifest.js";
import { generationProblem, loadGeneration, readManifest, type LoadedGeneration, type OpeningEmbeddings } from "./snapshot-read.js";
import { bodyBytes, docMeta, type StoredDoc } from "./stored-doc.js";
import type { NewsVectorStore } from "./vectors/store.js";

// where the rest of the code has always found them
export { docMeta, type StoredDoc };
export type { SaveOptions };
export { FILES } from "./index-files.js";

/** Bodies kept decoded (see NewsIndex.bodyOf). */
const BODY_CACHE_SIZE = 512;

export class NewsIndex {
  /** Documents by document number; undefined where a document was removed. */
  readonly docs: Array<StoredDoc | undefined> = [];
  readonly docNumber = new Map<string, number>();
  /** Chunk records by label: document number, chunk index, offsets. undefined = removed. */
  readonly chunkDoc: number[] = [];
  readonly chunkN: number[] = [];
  readonly chunkStart: number[] = [];
  readonly chunkEnd: number[] = [];
  readonly chunksOfDoc = new Map<number, number[]>();
  readonly deletedLabels = new Set<number>();
  /** Names mined from the corpus (taught to the segmenter), in the order they were found. */
  readonly terms: string[] = [];
  private termSet: Set<string> | undefined;
  /** Index term ids of each batch vocabulary seen (see IndexBatch.vocab). */
  private vocabIds = new WeakMap<readonly string[], number[]>();
  /** The generation folder this index was loaded from or last published to. */
  generation: string | undefined;
  /** Whether this index holds changes that no published generation has (set by every change, cleared by `published`). */
  unsaved = false;
  /** Counts removals and compactions: what was derived from the documents must then be derived again. */
  mutations = 0;
  /**
   * Recently decoded bodies by document number: a search reads several chunks of each of its
   * candidate articles, and each body would otherwise be decoded from bytes once per chunk.
   */
  private readonly bodyCache = new Map<number, string>();

  constructor(
    public manifest: Manifest,
    readonly bm25: Bm25Index,
    readonly vectors: NewsVectorStore,
    readonly embeddings: EmbeddingsInterface,
    /** Where the index is loaded from and saved to (a new index: generation folders, nothing written yet). */
    readonly store: IndexStore = new FileIndexStore(),
  ) {
    vectors.setGroups((docNo) => this.chunksOfDoc.get(docNo) ?? []);
  }

  /**
   * Opens the live generation of an index folder. `embeddings` must match the manifest's kind and
   * dimension. With `verify`, every file's checksum is checked first.
   */
  static async open(indexDir: string, embeddings: OpeningEmbeddings, { verify = true } = {}): Promise<NewsIndex> {
    const index = await loadGeneration(indexDir, embeddings, verify, (loaded) => NewsIndex.restore(loaded));
    addTerms(index.terms);
    return index;
  }

  /** See snapshot-read.ts generationProblem. */
  static generationProblem(genDir: string): Promise<string | undefined> {
    return generationProblem(genDir);
  }

  /** See snapshot-read.ts readManifest. */
  static readManifest(genDir: string, indexDir?: string): Promise<Manifest> {
    return readManifest(genDir, indexDir);
  }

  /** The index a loaded generation holds: its snapshot, then the changes its store saved since. */
  static restore(loaded: LoadedGeneration): NewsIndex {
    const index = new NewsIndex(loaded.manifest, loaded.bm25, loaded.vectors, loaded.embeddings, loaded.store);
    for (const doc of loaded.docs) {
      if (doc) index.addDoc(doc);
      else index.docs.push(undefined);
    }
    index.restoreChunkRecords(loaded.chunkRecords);
    for (const t of loaded.terms) index.terms.push(t);
    index.generation = loaded.generation;
    if (index.store.replay((change) => index.applyChange(change)) > 0) index.bm25.settle();
    index.unsaved = false;
    return index;
  }

  private restoreChunkRecords(rec: Uint32Array): void {
    for (let l = 0; l * 4 < rec.length; l++) {
      const docNo = rec[l * 4]!;
      const removed = docNo === REMOVED_CHUNK;
      this.chunkDoc.push(removed ? 0 : docNo);
      this.chunkN.push(rec[l * 4 + 1]!);
      this.chunkStart.push(rec[l * 4 + 2]!);
      this.chunkEnd.push(rec[l * 4 + 3]!);
      if (removed || !this.docs[docNo]) this.deletedLabels.add(l);
      else this.chunksOfDoc.get(docNo)!.push(l);
    }
  }

  /** The mined names as a set (for follow-up resolution and evidence checks); stays current as documents are added. */
  get knownTerms(): ReadonlySet<string> {
    return (this.termSet ??= new Set(this.terms));
  }

  get documentCount(): number {
    return this.docNumber.size;
  }

  get chunkCount(): number {
    return this.chunkDoc.length - this.deletedLabels.size;
  }

  doc(id: string): StoredDoc | undefined {
    const n = this.docNumber.get(id);
    return n === undefined ? undefined : this.docs[n];
  }

  /** All live documents in index order. */
  *liveDocs(): Generator<StoredDoc> {
    for (const d of this.docs) if (d) yield d;
  }

  chunk(label: number): Chunk | undefined {
    if (this.deletedLabels.has(label)) return undefined;
    const docNo = this.chunkDoc[label]!;
    const d = this.docs[docNo];
    if (!d) return undefined;
    const start = this.chunkStart[label]!;
    const end = this.chunkEnd[label]!;
    const n = this.chunkN[label]!;
    return { chunkId: `${d.id}::${n}`, docId: d.id, n, start, end, text: this.bodyOf(docNo, d).slice(start, end) };
  }

  /** Where a loaded document's body lies in the bodies buffer (undefined for a document added since loading). */
  bodyBytes(d: StoredDoc): { buf: Buffer; start: number; end: number } | undefined {
    return bodyBytes(d);
  }

  /** Length in characters of a chunk's text (without decoding it). */
  chunkLength(label: number): number {
    return this.deletedLabels.has(label) ? 0 : this.chunkEnd[label]! - this.chunkStart[label]!;
  }

  private bodyOf(docNo: number, d: StoredDoc): string {
    let body = this.bodyCache.get(docNo);
    if (body === undefined) {
      body = d.body;
      if (this.bodyCache.size >= BODY_CACHE_SIZE) this.bodyCache.delete(this.bodyCache.keys().next().value!);
      this.bodyCache.set(docNo, body);
    }
    return body;
  }

  docOfLabel(label: number): StoredDoc | undefined {
    return this.deletedLabels.has(label) ? undefined : this.docs[this.chunkDoc[label]!];
  }

  /** Labels of a document's live chunks, in text order. */
  labelsOf(docId: string): number[] {
    const n = this.docNumber.get(docId);
    return n === undefined ? [] : (this.chunksOfDoc.get(n) ?? []);
  }

  addDoc(doc: StoredDoc): number {
    const n = this.docs.length;
    this.docs.push(doc);
    this.docNumber.set(doc.id, n);
    this.chunksOfDoc.set(n, []);
    return n;
  }

  addChunkRecord(docNo: number, c: Pick<Chunk, "n" | "start" | "end">): number {
    const label = this.chunkDoc.length;
    this.chunkDoc.push(docNo);
    this.chunkN.push(c.n);
    this.chunkStart.push(c.start);
    this.chunkEnd.push(c.end);
    this.chunksOfDoc.get(docNo)!.push(label);
    return label;
  }

  /**
   * Adds analysed documents: records, BM25 postings, chunk and document vectors. Returns the mined
   * names that are new to the index (the caller teaches them to its segmenters).
   */
  addBatch(batch: IndexBatch): string[] {
    const fresh = this.apply(batch);
    this.store.record({ add: batch });
    return fresh;
  }

  /** Removes a document: tombstones its chunks in BM25 and the vector graph (hnswlib markDelete). */
  removeDoc(id: string): void {
    if (!this.docNumber.has(id)) return;
    this.unapply(id);
    this.store.record({ remove: [id] });
  }

  /** Makes a change the store saved (it is not recorded again). */
  private applyChange(change: JournalRecord): void {
    if ("remove" in change) for (const id of change.remove) this.unapply(id);
    else this.apply(change.add);
  }

  private apply(batch: IndexBatch): string[] {
    const dim = this.vectors.dim;
    if (batch.docVectors.length !== batch.docs.length * dim)
      throw new Error(`a batch of ${batch.docs.length} documents holds ${batch.docVectors.length} document vector values, expected ${dim} each`);
    this.unsaved = true;
    const fresh = this.learnTerms(batch.mined);
    const termIds = this.indexTermIds(batch);
    const firstLabel = this.chunkDoc.length;
    const keys: number[] = [];
    const docVecs: Float32Array[] = [];
    let chunk = 0;
    let posting = 0;
    batch.docs.forEach((doc, i) => {
      const docNo = this.addDoc(doc);
      const chunks = batch.chunkCounts[i]!;
      for (let j = 0; j < chunks; j++, chunk++) {
        const label = this.addChunkRecord(docNo, { n: j, start: batch.spans[2 * chunk]!, end: batch.spans[2 * chunk + 1]! });
        const terms = batch.chunkTerms[chunk]!;
        this.bm25.addIds(label, termIds.subarray(posting, posting + terms), batch.tfs.subarray(posting, posting + terms), batch.lengths[chunk]!);
        posting += terms;
      }
      if (chunks > 0) {
        keys.push(docNo);
        docVecs.push(batch.docVectors.subarray(i * dim, (i + 1) * dim));
      }
    });
    this.vectors.setChunkVectorsQuantised(firstLabel, batch.chunkVectors);
    this.vectors.addDocVectors(docVecs, keys);
    return fresh;
  }

  /** Adds mined names to the index's; returns those it did not know. */
  private learnTerms(mined: readonly string[]): string[] {
    const known = this.knownTerms as Set<string>;
    const fresh = mined.filter((t) => !known.has(t));
    for (const t of fresh) {
      known.add(t);
      this.terms.push(t);
    }
    return fresh;
  }

  /** A batch's term numbers (into its own vocabulary) as BM25 term ids; a vocabulary shared by batches is mapped once. */
  private indexTermIds(batch: IndexBatch): Uint32Array {
    let map = this.vocabIds.get(batch.vocab);
    if (!map) this.vocabIds.set(batch.vocab, (map = []));
    for (let t = map.length; t < batch.vocab.length; t++) map.push(this.bm25.termId(batch.vocab[t]!));
    const ids = new Uint32Array(batch.termIds.length);
    for (let i = 0; i < ids.length; i++) ids[i] = map[batch.termIds[i]!]!;
    return ids;
  }

  private unapply(id: string): void {
    const n = this.docNumber.get(id);
    if (n === undefined) return;
    this.unsaved = true;
    for (const label of this.chunksOfDoc.get(n) ?? []) {
      this.deletedLabels.add(label);
      this.bm25.remove(label);
    }
    this.vectors.markDeleted(n);
    this.mutations++;
    this.bodyCache.delete(n);
    this.chunksOfDoc.delete(n);
    this.docNumber.delete(id);
    this.docs[n] = undefined;
  }

  /** Share of chunk labels that are tombstones (compaction is worth it above ~25 %). */
  get deletedShare(): number {
    return this.chunkDoc.length ? this.deletedLabels.size / this.chunkDoc.length : 0;
  }

  /**
   * Renumbers documents and chunk labels densely, dropping tombstones from BM25, the chunk vectors
   * and the vector graph (rebuilt from the stored document vectors: nothing is re-embedded).
   */
  compact(): void {
    const docMap = new Map<number, number>();
    const labelMap = new Int32Array(this.chunkDoc.length).fill(-1);
    const docs: StoredDoc[] = [];
    let nextLabel = 0;
    const keep: Array<{ doc: number; labels: number[] }> = [];
    this.docs.forEach((d, n) => {
      if (!d) return;
      docMap.set(n, docs.length);
      docs.push(d);
      keep.push({ doc: n, labels: this.chunksOfDoc.get(n) ?? [] });
    });
    // chunk labels of a document were given out together and in order: keep that order
    const order = keep.flatMap((k) => k.labels).sort((a, b) => a - b);
    for (const l of order) labelMap[l] = nextLabel++;
    this.bm25.compact((old) => (labelMap[old]! >= 0 ? labelMap[old] : undefined));
    this.vectors.compact(
      keep.map((k) => k.doc),
      (old) => docMap.get(old)!,
      order,
    );
    const chunkDoc = order.map((l) => docMap.get(this.chunkDoc[l]!)!);
    const chunkN = order.map((l) => this.chunkN[l]!);
    const chunkStart = order.map((l) => this.chunkStart[l]!);
    const chunkEnd = order.map((l) => this.chunkEnd[l]!);
    this.docs.length = 0;
    this.mutations++;
    this.unsaved = true;
    // labels and term ids changed: the next save writes a new snapshot
    this.store.renumbered();
    this.vocabIds = new WeakMap();
    this.bodyCache.clear();
    this.docNumber.clear();
    this.chunksOfDoc.clear();
    this.deletedLabels.clear();
    for (const d of docs) this.addDoc(d);
    this.chunkDoc.length = this.chunkN.length = this.chunkStart.length = this.chunkEnd.length = 0;
    chunkDoc.forEach((docNo, i) => this.addChunkRecord(docNo, { n: chunkN[i]!, start: chunkStart[i]!, end: chunkEnd[i]! }));
  }

  /** Writes the index into a new, empty generation folder (see IndexStore.save); returns the names of the files written. */
  save(dir: string, opts: SaveOptions = {}): Promise<string[]> {
    return this.store.save(this, dir, opts);
  }

  /** About how many bytes the next `save` writes (see IndexStore.estimatedSaveBytes). */
  estimatedSaveBytes(opts: SaveOptions = {}): number {
    return this.store.estimatedSaveBytes(this, opts);
  }

  /** Records that the generation its store last saved is now live (see generations.ts publishGeneration). */
  published(dir: string): void {
    this.store.published(dir);
    this.generation = dir;
    this.unsaved = false;
  }
}
