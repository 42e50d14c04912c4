/**
 * The confidence below which the offline composer refuses (found: false).
 *
 * Calibrated on data, not by hand, and not on seeds-dev: `npx tsx src/answer/calibrate.ts --index
 * <index of chronoqa-corpus> --queries ../shared/corpora/chronoqa-dev.jsonl --limit 1000` asks each
 * one-document ChronoQA dev question twice — as is (answerable: a gold document is retrieved) and
 * with its gold documents and every passage stating its answer left out of retrieval (unanswerable)
 * — and picks the threshold with the fewest wrong outcomes. Last run (2026-11-23, 628 answerable,
 * 624 unanswerable): threshold 0.539; false refusals 32.6 %, answers to unanswerable questions
 * 19.6 % on that (harder, general-news) set. Re-run it when the scoring in compose.ts changes.
 */
export const CONFIDENCE_THRESHOLD = 0.539;
