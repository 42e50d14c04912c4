/**
 * The fixed split of the shared development questions: every fitted weight and threshold is fit on
 * the "fit" half and reported on the "holdout" half, so that a figure never comes from the data it was
 * fit on. The half of a question depends only on its group's id (FNV-1a hash), so it never changes;
 * questions written together — one crud-qa-dev news item's conversation (`crudqa<k>-<item>-<n>`), one
 * CMRC 2018 passage's questions (`cmrc-<passage>_QUERY_<n>`) — fall in the same half, so that no
 * held-back conversation or passage holds a question any model was fit on.
 */
export type Split = "fit" | "holdout";

/** The id of the group a question was written in (its own id when it stands alone). */
export function groupOf(id: string): string {
  return /^(crudqa\d+-[^-]+)-\d+$/u.exec(id)?.[1] ?? /^(cmrc-.+)_QUERY_\d+$/u.exec(id)?.[1] ?? id;
}

function groupHash(id: string): number {
  const key = groupOf(id);
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function splitOf(id: string): Split {
  return groupHash(id) % 2 === 0 ? "fit" : "holdout";
}

/**
 * Which of two folds of its half a question's group falls in (another bit of the same hash): a model
 * fit on one fold scores the other, so that what is fit on those scores (the lead and answerable
 * models, their thresholds) sees scores as confident as on questions never fit on.
 */
export function foldOf(id: string): 0 | 1 {
  return ((groupHash(id) >>> 1) & 1) as 0 | 1;
}
