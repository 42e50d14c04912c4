/**
 * The publish stage of a build: the index is saved into a new generation, which is made live
 * atomically (generations.ts); the generations no one needs any more are removed.
 */
import { log } from "../../log.js";
import { inputsAfterWrite } from "../fix-command.js";
import {
  discardGeneration,
  freeBytes,
  isNoSpace,
  newGeneration,
  noSpaceError,
  publishGeneration,
  removeStaleGenerations,
  type IndexLock,
} from "../generations.js";
import type { NewsIndex } from "../news-index.js";
import type { BuildOptions } from "./options.js";

type PublishOptions = Pick<BuildOptions, "indexDir" | "inputs" | "journalLimit" | "cleanup">;

/** Writes the changed index as the new live generation. `fresh`: the index was built anew, so inputs recorded earlier no longer count. */
export async function publishIndex(index: NewsIndex, lock: IndexLock, fresh: boolean, opts: PublishOptions): Promise<void> {
  index.manifest.createdAt = new Date().toISOString();
  index.manifest.inputs = inputsAfterWrite(fresh ? [] : (index.manifest.inputs ?? []), opts.inputs, index.liveDocs());
  // the leftovers of writers killed earlier go first: a full disk may need their space
  await removeStaleGenerations(opts.indexDir, lock, opts.cleanup);
  await writeGeneration(opts.indexDir, index, lock, opts);
  // the postings just added are sorted in now, not by the first search after the update
  index.bm25.settle();
}

/**
 * Saves the index into a new generation and makes it live. A save or publish that fails removes its
 * partial generation at once (a full disk is not filled further by every later attempt); one that
 * failed for want of space says how much the generation needs and how much is free.
 */
async function writeGeneration(indexDir: string, idx: NewsIndex, lock: IndexLock, opts: Pick<BuildOptions, "journalLimit" | "cleanup">): Promise<void> {
  const saveOpts = opts.journalLimit === undefined ? {} : { journalLimit: opts.journalLimit };
  let gen: string | undefined;
  try {
    gen = await newGeneration(indexDir);
    const files = await idx.save(gen, saveOpts);
    await publishGeneration(indexDir, gen, files, lock, opts.cleanup);
  } catch (err) {
    if (gen && !(await discardGeneration(indexDir, gen).catch(() => true))) {
      // CURRENT names it: the publish happened, only what came after it failed
      log.warn({ err: (err as Error).message }, "the new index generation is live, but cleaning up after it failed");
      idx.published(gen);
      return;
    }
    if (isNoSpace(err)) throw noSpaceError(indexDir, idx.estimatedSaveBytes(saveOpts), await freeBytes(indexDir));
    throw err;
  }
  idx.published(gen);
}
