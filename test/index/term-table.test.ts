import { describe, expect, it } from "vitest";
import { TermTable } from "../../src/index/term-table.js";

describe("term table (term text → id)", () => {
  it("finds every term by its id through growth, and nothing else", () => {
    const base = Array.from({ length: 3000 }, (_, i) => `词${i}`);
    const table = new TermTable([...base]);
    base.forEach((t, i) => expect(table.get(t)).toBe(i));
    const more = ["新能源", "武进国家高新区", "10gw", "topcon", "𠀀𠀁", ""];
    for (const t of more) expect(table.add(t)).toBe(table.terms.length - 1);
    for (let i = 0; i < 5000; i++) table.add(`新词${i}`); // several resizes
    base.forEach((t, i) => expect(table.get(t)).toBe(i));
    more.forEach((t, i) => expect(table.get(t)).toBe(3000 + i));
    expect(table.get("新词4999")).toBe(table.terms.length - 1);
    for (const t of ["新能", "词3000", "新词5000", "TOPCON"]) expect(table.get(t)).toBeUndefined();
  });
});
