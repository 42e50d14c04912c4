/**
 * The fixed split of the shared development questions: answer-layer weights and thresholds are fit on
 * the "fit" half and reported on the "holdout" half, so that a figure never comes from the data it was
 * fit on. The half of a question depends only on its id (FNV-1a hash), so it never changes.
 */
export type Split = "fit" | "holdout";

export function splitOf(id: string): Split {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 2 === 0 ? "fit" : "holdout";
}
