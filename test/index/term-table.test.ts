import { describe, expect, it } from "vitest";
import { TermTable } from "../../src/index/term-table.js";

describe("term table (term text → id)", () => {
  it("finds every term by its id through growth, and nothing else", () => {
    const base = Array.from({ length: 3000 }, (_, i) => `词${i}`);
    const table = new TermTable([...base]);
    base.forEach((t, i) => expect(table.get(t)).toBe(i));
    const more = ["新能源", "武进国家高新区", "10gw", "topcon", "𠀀𠀁", ""];
    more.forEach((t, i) => expect(table.add(t)).toBe(3000 + i));
    for (let i = 0; i < 30000; i++) table.add(`新词${i}`); // the table doubles three times on the way
    base.forEach((t, i) => expect(table.get(t)).toBe(i));
    more.forEach((t, i) => expect(table.get(t)).toBe(3000 + i));
    expect(table.get("新词29999")).toBe(3006 + 29999);
    expect(table.get("新词123")).toBe(3006 + 123);
    for (const t of ["新能", "词3000", "新词30000", "TOPCON"]) expect(table.get(t)).toBeUndefined();
  });
});
