/**
 * Fusion of ranked lists. Each channel (BM25, vectors, BM25 within the question's dates, one per
 * event of a multi-event question…) is first reduced to documents (a document is represented by its
 * best chunk in that channel), then combined by weighted reciprocal-rank fusion.
 */
export interface LabelScore {
  label: number;
  score: number;
}

export interface Channel {
  name: string;
  weight: number;
  hits: LabelScore[];
  /** The channel's best document is kept within the top results (one per event of a multi-event question). */
  slot?: boolean;
}

export interface Fused {
  docId: string;
  /** The best chunk of the document in the strongest channel that found it. */
  label: number;
  score: number;
  /** Rank (0-based) of the document in each channel that found it. */
  ranks: Record<string, number>;
}

/** Keeps the first (best) chunk of each document, in order. */
function perDocument(hits: LabelScore[], docOf: (label: number) => string | undefined): Array<LabelScore & { docId: string }> {
  const seen = new Set<string>();
  const out: Array<LabelScore & { docId: string }> = [];
  for (const h of hits) {
    const docId = docOf(h.label);
    if (docId === undefined || seen.has(docId)) continue;
    seen.add(docId);
    out.push({ ...h, docId });
  }
  return out;
}

export function reciprocalRankFusion(channels: Channel[], docOf: (label: number) => string | undefined, k = 60): Fused[] {
  const fused = new Map<string, Fused & { best: number }>();
  for (const ch of channels) {
    if (ch.weight <= 0) continue;
    perDocument(ch.hits, docOf).forEach((h, rank) => {
      const add = ch.weight / (k + rank + 1);
      let f = fused.get(h.docId);
      if (!f) fused.set(h.docId, (f = { docId: h.docId, label: h.label, score: 0, ranks: {}, best: add }));
      else if (add > f.best) {
        f.best = add;
        f.label = h.label;
      }
      f.score += add;
      f.ranks[ch.name] = rank;
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score).map(({ best: _b, ...f }) => f);
}

/** The best document of each slot channel, in channel order, without repeats. */
export function slotDocuments(channels: Channel[], docOf: (label: number) => string | undefined): string[] {
  const out: string[] = [];
  for (const ch of channels) {
    if (!ch.slot) continue;
    const first = perDocument(ch.hits, docOf)[0];
    if (first && !out.includes(first.docId)) out.push(first.docId);
  }
  return out;
}

/**
 * Keeps the ranking but moves each slot document up to at most position `k - 1`, after the
 * first result: a question about three events should show all three within the top k.
 */
export function ensureSlots<T extends { docId: string }>(ranked: T[], slots: string[], k: number): T[] {
  if (!slots.length) return ranked;
  const head = ranked.slice(0, 1);
  const wanted = ranked.filter((r, i) => i > 0 && slots.includes(r.docId)).slice(0, Math.max(0, k - 1));
  const rest = ranked.filter((r, i) => i > 0 && !wanted.includes(r));
  const room = Math.max(0, k - 1 - wanted.length);
  // Others that outrank the slot documents keep their place in the space left.
  const merged = [...head];
  let w = 0;
  let o = 0;
  for (let pos = 1; pos < ranked.length; pos++) {
    const nextWanted = wanted[w];
    const nextOther = rest[o];
    const otherFirst = nextOther && o < room && (!nextWanted || ranked.indexOf(nextOther) < ranked.indexOf(nextWanted));
    if (otherFirst) merged.push(rest[o++]!);
    else if (nextWanted) merged.push(wanted[w++]!);
    else if (nextOther) merged.push(rest[o++]!);
  }
  return merged;
}
