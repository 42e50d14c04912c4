/**
 * A document as the index keeps it: its metadata and its body. A document loaded from a snapshot
 * keeps its body as bytes of the shared bodies buffer and decodes it only when it is read.
 */
import type { DocMeta } from "../types.js";

export interface StoredDoc extends DocMeta {
  body: string;
}

/**
 * A document read from the index: its metadata as own fields, its body decoded from the shared
 * bodies buffer each time it is read. `body` is a getter of the class, so a spread copy
 * (`{ ...doc }`) holds the metadata only and never decodes the text.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class LoadedDoc {
  readonly #buf: Buffer;
  readonly #start: number;
  readonly #end: number;

  constructor(meta: Omit<StoredDoc, "body">, buf: Buffer, start: number, end: number) {
    Object.assign(this, meta);
    this.#buf = buf;
    this.#start = start;
    this.#end = end;
  }

  get body(): string {
    return this.#buf.toString("utf8", this.#start, this.#end);
  }

  get bytes(): { buf: Buffer; start: number; end: number } {
    return { buf: this.#buf, start: this.#start, end: this.#end };
  }
}
// the metadata fields that Object.assign gives every instance (a class and an interface merged on purpose)
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface LoadedDoc extends Omit<StoredDoc, "body"> {}

/** A document's metadata without its body (a loaded document's body is not decoded for it). */
export function docMeta(d: StoredDoc): DocMeta {
  if (d instanceof LoadedDoc) return { ...d };
  const { body: _body, ...meta } = d;
  return meta;
}

/** Where a loaded document's body lies in the bodies buffer (undefined for a document added since loading). */
export function bodyBytes(d: StoredDoc): { buf: Buffer; start: number; end: number } | undefined {
  return d instanceof LoadedDoc ? d.bytes : undefined;
}
