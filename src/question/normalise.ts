/**
 * The one normalisation of question text (and of article sentences the answerer compares with it):
 * traditional characters to simplified (OpenCC's tables, through opencc-js), full-width letters,
 * digits and punctuation to their ASCII forms (Unicode NFKC), and the OCR fixes of data/ocr-fixes.tsv.
 */
import { Converter } from "opencc-js/t2cn";
import { fixOcr } from "../text/ocr.js";

let toSimplified: ((text: string) => string) | undefined;

/** Traditional (Taiwan, Hong Kong or OpenCC standard) characters to mainland simplified. */
function simplified(text: string): string {
  const convert = (toSimplified ??= Converter({ from: "t", to: "cn" }));
  return convert(text);
}

/** Normalised question text: simplified characters, NFKC, OCR fixes, whitespace collapsed. */
export function normaliseQuestion(text: string): string {
  return fixOcr(simplified(text.normalize("NFKC")))
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * Article text as the answerer compares it with a question and quotes it: full-width letters, digits
 * and signs (％, ．) as ASCII, and the OCR fixes; Chinese punctuation is kept, and the length never
 * changes, so that positions in the normalised text are positions in the article (articles are in
 * simplified characters already).
 */
export function normaliseText(text: string): string {
  const ascii = text
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF05\uFF0E\uFF0B\uFF0D]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/gu, " ");
  const fixed = fixOcr(ascii);
  return fixed.length === ascii.length ? fixed : ascii;
}
