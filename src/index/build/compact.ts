/** The compact stage of a build: once enough chunk labels are tombstones, they are dropped and the rest renumbered. */
import { log } from "../../log.js";
import type { NewsIndex } from "../news-index.js";

/** The share of deleted chunk labels above which a build compacts (BuildOptions.compactAt). */
const DEFAULT_COMPACT_AT = 0.25;

/** Compacts the index when its share of deleted labels is above `compactAt`; returns whether it did. */
export function compactIfDue(index: NewsIndex, compactAt = DEFAULT_COMPACT_AT): boolean {
  if (index.deletedShare <= compactAt) return false;
  log.info({ deleted: index.deletedLabels.size, labels: index.chunkDoc.length }, "compacting the index (dropping deleted chunks)");
  index.compact();
  return true;
}
