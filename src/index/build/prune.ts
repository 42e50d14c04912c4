/**
 * The prune stage of a build (with `prune`): documents no longer in the inputs are removed, but
 * only those the inputs could speak for (see pruneScope).
 */
import { basename, resolve, sep } from "node:path";
import { filesNotReadCompletely, type InputReport } from "../../ingest/sources.js";
import { log } from "../../log.js";
import type { NewsIndex } from "../news-index.js";

export interface PruneResult {
  removed: number;
  /** Documents kept because their input file could not be read completely this time. */
  keptUnread: number;
}

/** Removes the documents of the index that this run's inputs no longer hold (`seen`: the ids they do hold). */
export function pruneMissing(index: NewsIndex, inputs: string[], report: InputReport, seen: ReadonlySet<string>): PruneResult {
  const scope = pruneScope(inputs, report);
  let removed = 0;
  let keptUnread = 0;
  for (const d of [...index.liveDocs()]) {
    if (seen.has(d.id)) continue;
    const verdict = scope(d);
    if (verdict === "remove") {
      index.removeDoc(d.id);
      removed++;
    } else if (verdict === "unread") keptUnread++;
  }
  if (keptUnread)
    log.warn(
      { documents: keptUnread, files: filesNotReadCompletely(report).size },
      "prune kept the documents of input files that could not be read completely; fix those files to prune them",
    );
  return { removed, keptUnread };
}

/**
 * Which documents `prune` may remove: a document is removed only when its source file was read
 * completely by this run and no longer holds it (or the file is gone from a folder that was read).
 * Documents of other sources in the same index are never touched ("other"), nor those of a file that
 * could not be read completely this time ("unread": unreadable, cut short, with unusable lines, empty).
 * Documents indexed before origins were recorded are matched by their source file name.
 */
function pruneScope(inputs: string[], report: InputReport): (d: { origin?: string; source: string }) => "remove" | "unread" | "other" {
  const roots = inputs.map((p) => resolve(p));
  const unread = filesNotReadCompletely(report);
  const read = report.files.map((f) => resolve(f));
  const namesRead = new Set(read.filter((f) => !unread.has(f)).map((f) => basename(f)));
  const namesUnread = new Set([...unread].map((f) => basename(f)));
  return (d) => {
    if (d.origin === undefined) return namesRead.has(d.source) ? "remove" : namesUnread.has(d.source) ? "unread" : "other";
    if (unread.has(d.origin)) return "unread";
    return roots.some((r) => d.origin === r || d.origin!.startsWith(r + sep)) ? "remove" : "other";
  };
}
