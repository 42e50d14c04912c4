/**
 * Splits one newspaper page (plain text, as OCR or a PDF export gives it) into its articles.
 *
 * The page is read as blocks separated by blank lines. Layout scars are repaired first:
 * paragraphs broken by a page/column break are joined, photo credits (「钱垒 摄」) are taken off the
 * text as the photographer, and short label blocks left over at the end (column labels such as
 * 「重点项目 进行时」) become metadata. Then blocks are grouped: a headline group (short blocks, or a
 * Markdown `#` heading) followed by a lead paragraph (「本报讯 (记者 …)」) opens an article; a long
 * captioned paragraph without a lead is a photo caption of its own (kind "caption": no headline, no
 * byline, its photographer). An item without a headline keeps none (unless its text gives one,
 * src/ingest/title.ts): nothing is made up from the body. Nothing here depends on line numbers of a
 * page. docs/pages.md describes the format.
 */
import { basename, extname } from "node:path";
import { patternAlternation } from "../lexicon/lexicon.js";
import type { Article } from "../types.js";
import { segment } from "../text/tokenizer.js";
import { decodeEntities } from "./entities.js";
import { fixOcr } from "../text/ocr.js";
import { givenHeadline } from "./title.js";

type BlockKind = "heading" | "short" | "lead" | "body" | "dateline";

interface Block {
  kind: BlockKind;
  text: string;
}

/** Sentence- or clause-final characters: a paragraph ending in one of these is complete. */
const TERMINAL = /[。！？!?…”’」』）)》：:；;]$/u;
const CLAUSE_PUNCT = /[。，、；！？,;!?]/u;
const HEADLINE_MAX = 48;
/** 「本报讯 (记者 朱梦琪)」, 「本报讯（高玲 陈舒娟 记者 何晓丹）」 */
const LEAD = /^(?:本报讯|本报消息|本报[\p{Script=Han}]{1,4}电)[\s\u3000]*(?:[（(]([^（()）]{1,60})[）)])?[\s\u3000]*/u;
/** A photo credit at the end of a paragraph: 「… 钱垒 摄」, 「记者 张三 李四 摄」. */
const PHOTO_CREDIT = /[\s\u3000]+((?:(?:记者|通讯员)[\s\u3000]*)?[\p{Script=Han}·]{2,4}(?:[\s\u3000、]+[\p{Script=Han}·]{2,4})*)[\s\u3000]*摄[\s\u3000]*$/u;
let rolePrefix: RegExp | undefined;
/** A reporter's role before the name in a byline (data/pattern-words.tsv, reporter-role). */
const roleAtStart = (): RegExp => (rolePrefix ??= new RegExp(`^(?:${patternAlternation("reporter-role")})`, "u"));
const ROLE_WORDS = new Set(["摄影", "摄", "报道", "文", "图"]);
/** A captioned paragraph at least this long is a caption item of its own, not a caption inside the article above. */
const PHOTO_NEWS_MIN = 60;
const PAGE_DATE = /(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:星期|周)[一二三四五六日天]/u;
const FILE_DATE = /(20\d{2})-?(\d{2})-?(\d{2})/;
/** A dateline block is short: the date and weekday, perhaps the paper's name and the page number. */
const DATELINE_MAX = 40;

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9]/.test(ch);

/** Glue for two fragments of one broken paragraph: nothing between CJK, one space between Latin words. */
function glue(left: string, right: string): string {
  return isWordChar(left.at(-1)) && isWordChar(right[0]) ? `${left} ${right}` : `${left}${right}`;
}

function classify(raw: string): Block | undefined {
  const lines = raw
    .split("\n")
    .map((l) => l.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, ""))
    .filter((l) => l.length > 0);
  if (lines.length === 0) return undefined;
  if (/^#{1,6}\s/.test(lines[0]!)) {
    return { kind: "heading", text: lines.map((l) => l.replace(/^#{1,6}\s+/, "")).join(" ") };
  }
  const tight = lines.reduce((acc, l) => (acc ? glue(acc, l) : l), "");
  // The page's dateline (「2024年12月9日 星期一」, with the paper's name or page number around it) is no headline.
  if (tight.length <= DATELINE_MAX && PAGE_DATE.test(tight) && !/[。！？!?]/u.test(tight)) return { kind: "dateline", text: tight };
  if (LEAD.test(tight)) return { kind: "lead", text: tight };
  if (tight.length <= HEADLINE_MAX && !/[。！？!?]/u.test(tight)) return { kind: "short", text: lines.join(" ") };
  return { kind: "body", text: tight };
}

/** A paragraph ending in a photo credit, split into its text and the credit. */
function splitCredit(text: string): { text: string; credit?: string } {
  const m = PHOTO_CREDIT.exec(text);
  if (!m || m.index === 0) return { text };
  const before = text.slice(0, m.index).trimEnd();
  // A credit follows a finished sentence; otherwise the 「摄」 belongs to the prose.
  if (!TERMINAL.test(before)) return { text };
  return { text: before, credit: m[1]!.replace(/[\s\u3000、]+/gu, " ").trim() };
}

/** True when the segmenter reads a word across the break between two blocks (「服|务」 → 服务). */
function wordSpansBreak(left: string, right: string): boolean {
  const a = left.slice(-4);
  const b = right.slice(0, 4);
  if (!/\p{Script=Han}$/u.test(a) || !/^\p{Script=Han}/u.test(b)) return false;
  let at = 0;
  for (const w of segment(a + b)) {
    const end = at + w.length;
    if (at < a.length && end > a.length) return true;
    at = end;
  }
  return false;
}

/** A short block that is prose cut off by the layout, not a headline: long enough and with clause marks. */
const looksLikeFragment = (b: Block): boolean => b.kind === "short" && b.text.length >= 24 && /[，、,]/u.test(b.text);

/** Joins paragraphs that the page layout broke in two (「场北河水上运动公\n\n园驿站」). */
function joinBrokenParagraphs(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    const prev = out.at(-1);
    const prevOpen =
      prev !== undefined &&
      (prev.kind === "body" || prev.kind === "lead" || looksLikeFragment(prev)) &&
      !TERMINAL.test(prev.text) &&
      splitCredit(prev.text).credit === undefined;
    const continues = block.kind === "body" || (block.kind === "short" && CLAUSE_PUNCT.test(block.text));
    // A short unpunctuated block inside an article, cut mid-word (「…近年来在服」「务发展、…」).
    const midWordCut =
      prev?.kind === "short" && block.kind === "body" && (out.at(-2)?.kind === "body" || out.at(-2)?.kind === "lead") && wordSpansBreak(prev.text, block.text);
    if (prev && ((prevOpen && continues) || midWordCut)) {
      prev.text = glue(prev.text, block.text);
      prev.kind = "body";
      continue;
    }
    out.push({ ...block });
  }
  return out;
}

function namesOf(byline: string): string[] {
  return byline
    .split(/[\s\u3000、，,]+/u)
    .map((s) => s.replace(roleAtStart(), ""))
    .filter((s) => s.length > 0 && !ROLE_WORDS.has(s));
}

function parseLead(text: string): { body: string; byline: string; reporters: string[] } {
  const m = LEAD.exec(text);
  if (!m) return { body: text, byline: "", reporters: [] };
  const inner = (m[1] ?? "").replace(/[\s\u3000]+/gu, " ").trim();
  return { body: text.slice(m[0].length).trim(), byline: inner, reporters: namesOf(inner) };
}

interface Draft {
  headlines: string[];
  column?: string;
  byline: string;
  reporters: string[];
  photographers: string[];
  paragraphs: string[];
  photo: boolean;
}

export interface PageOptions {
  /** The page file's name (its stem makes the article ids); also each article's `source` unless `paper` is given. */
  source: string;
  /** The paper's name (PAPER_NAME), recorded as each article's `source` when set. */
  paper?: string;
  /** Date of the page when known (YYYY-MM-DD). */
  date?: string;
  /** True when `date` is estimated from the page's text (src/ingest/issue-date.ts), not printed. */
  dateEstimated?: boolean;
}

/** Finds a page's date in its header (「2024年12月7日 星期六」) or in its file name (2024-12-07). */
export function pageDate(text: string, fileName: string): string | undefined {
  const m = PAGE_DATE.exec(text.slice(0, 400)) ?? FILE_DATE.exec(basename(fileName));
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Splits a page into articles. Ids are `<file stem>#<position>`. */
export function splitPage(raw: string, opts: PageOptions): Article[] {
  const drafts = new PageDrafts();
  for (const block of pageBlocks(raw)) drafts.take(block);
  const stem = basename(opts.source, extname(opts.source));
  return drafts
    .finish()
    .filter((d) => d.paragraphs.length > 0)
    .map((d, position) => articleOf(d, `${stem}#${position}`, position, opts));
}

/** The page's blocks (separated by blank lines), classified, with paragraphs the layout broke joined again. */
function pageBlocks(raw: string): Block[] {
  const text = fixOcr(
    decodeEntities(raw.replace(/^\uFEFF/, ""))
      .replace(/\r\n?/g, "\n")
      .replace(/\u00A0/g, " "),
  );
  return joinBrokenParagraphs(
    text
      .split(/\n[ \t\u3000]*\n/u)
      .map(classify)
      .filter((b): b is Block => b !== undefined),
  );
}

/** The articles of a page as its blocks come, in page order: each headline, lead or caption opens the next. */
class PageDrafts {
  private readonly drafts: Draft[] = [];
  /** Short blocks not yet placed: more headline, sub-headings, or a column label. */
  private pending: string[] = [];
  private current: Draft | undefined;

  take(block: Block): void {
    switch (block.kind) {
      case "dateline":
        // read by pageDate(); not part of any article
        break;
      case "heading":
        if (this.current) this.attachPending(this.current);
        this.current = this.open([block.text]);
        break;
      case "short":
        this.pending.push(block.text);
        break;
      case "lead":
        this.lead(block.text);
        break;
      case "body":
        this.body(block.text);
        break;
    }
  }

  /** The drafts, with labels left at the end of the page (nothing follows them) as a column label, not text. */
  finish(): Draft[] {
    if (this.pending.length && this.current) {
      const label = this.pending.join(" ");
      const target = [...this.drafts].reverse().find((d) => d.photo) ?? this.current;
      target.column ??= label;
    }
    return this.drafts;
  }

  private lead(text: string): void {
    const { body, byline, reporters } = parseLead(text);
    const current = this.current && this.current.paragraphs.length === 0 ? this.current : this.open(this.takePending());
    if (current === this.current) this.attachPending(current);
    this.current = current;
    current.byline = byline;
    current.reporters = reporters;
    if (body) current.paragraphs.push(body);
  }

  private body(text: string): void {
    const { text: para, credit } = splitCredit(text);
    if (credit !== undefined && para.length >= PHOTO_NEWS_MIN && (!this.current || this.current.paragraphs.length > 0)) {
      // A long captioned paragraph is a caption of its own; labels just above it are its column.
      const labels = this.takePending();
      const caption = (this.current = this.open([], true));
      if (labels.length) caption.column = labels.join(" ");
      caption.photographers = namesOf(credit);
      caption.paragraphs.push(para);
      return;
    }
    if (!this.current) this.current = this.open(this.takePending());
    else this.attachPending(this.current);
    const current = this.current;
    current.paragraphs.push(para);
    // A short caption inside an article stays in its text; its credit names the article's photographer.
    if (credit !== undefined) current.photographers.push(...namesOf(credit).filter((n) => !current.photographers.includes(n)));
  }

  private open(headlines: string[], photo = false): Draft {
    const d: Draft = { headlines, byline: "", reporters: [], photographers: [], paragraphs: [], photo };
    this.drafts.push(d);
    return d;
  }

  private takePending(): string[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** Short blocks before an article's first paragraph are more headline; after it, in-article sub-headings. */
  private attachPending(d: Draft): void {
    if (d.paragraphs.length === 0) d.headlines.push(...this.takePending());
    else d.paragraphs.push(...this.takePending());
  }
}

/** The article a draft makes: its headline (or the one its text gives), sub-headline, byline, the page's date. */
function articleOf(d: Draft, id: string, position: number, opts: PageOptions): Article {
  const body = d.paragraphs.join("\n");
  const [title = d.photo ? "" : givenHeadline(body), ...rest] = d.headlines;
  const article: Article = {
    id,
    title,
    byline: d.byline,
    reporters: d.reporters,
    source: opts.paper || opts.source,
    position,
    body,
  };
  if (d.photo) article.kind = "caption";
  if (d.photographers.length) article.photographers = d.photographers;
  if (rest.length) article.subtitle = rest.join(" ");
  if (d.column) article.column = d.column;
  if (opts.date) article.date = opts.date;
  // Every article of a page shares the page's date, estimated or not.
  if (opts.date && opts.dateEstimated) article.dateEstimated = true;
  return article;
}
