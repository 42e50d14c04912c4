import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../src/paths.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/**
 * Each source file under src/ with the source files it imports: relative imports, type-only ones
 * and re-exports included (a cycle of types still ties the files together), package imports left out.
 */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(join(PROJECT_ROOT, "src"))) {
    const imported = new Set<string>();
    for (const m of readFileSync(file, "utf8").matchAll(/(?:\bfrom|\bimport)\s*\(?\s*"(\.\.?\/[^"]+)"/gu)) {
      const target = resolve(dirname(file), m[1]!.replace(/\.js$/u, ".ts"));
      if (existsSync(target)) imported.add(relative(PROJECT_ROOT, target));
    }
    graph.set(relative(PROJECT_ROOT, file), [...imported]);
  }
  return graph;
}

/** The import cycles of a graph: its strongly connected components of more than one file (or a file importing itself), each sorted. */
function importCycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm, iterative so that a long chain of imports cannot overflow the stack
  const order = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  for (const root of graph.keys()) {
    if (order.has(root)) continue;
    const work: Array<{ file: string; next: number }> = [{ file: root, next: 0 }];
    const enter = (file: string): void => {
      order.set(file, order.size);
      lowest.set(file, order.get(file)!);
      stack.push(file);
      onStack.add(file);
    };
    enter(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const targets = graph.get(frame.file) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        if (!order.has(target)) {
          enter(target);
          work.push({ file: target, next: 0 });
        } else if (onStack.has(target)) lowest.set(frame.file, Math.min(lowest.get(frame.file)!, order.get(target)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowest.set(parent.file, Math.min(lowest.get(parent.file)!, lowest.get(frame.file)!));
      if (lowest.get(frame.file) !== order.get(frame.file)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.file);
      if (component.length > 1 || targets.includes(frame.file)) cycles.push(component.sort());
    }
  }
  return cycles;
}

/**
 * Cycles that were there when this rule came in, outside the work that added it: each is to be
 * broken by whoever next changes those files, and then taken off this list (the rule says when).
 */
const KNOWN_CYCLES: string[][] = [
  // (none left: engine.ts ⇄ reload.ts was broken by src/engine/events.ts, issue 24)
];

describe("data flows one way", () => {
  it("the bot and the CLI reach the index only through the engine", () => {
    const offenders: string[] = [];
    for (const folder of ["src/bot", "src/cli"]) {
      for (const file of sourceFiles(join(PROJECT_ROOT, folder))) {
        for (const m of readFileSync(file, "utf8").matchAll(/from\s+"([^"]+)"/gu)) {
          if (/(^|\/)index\//u.test(m[1]!)) offenders.push(`${relative(PROJECT_ROOT, file)} imports ${m[1]}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("a stage imports no stage after it: the question analysis no ingest, the answer no index or retrieval internals", () => {
    const later: Record<string, string[]> = {
      question: ["ingest", "index", "retrieve", "answer", "conversation", "engine", "bot", "cli"],
      index: ["retrieve", "answer", "conversation", "engine", "bot", "cli"],
      retrieve: ["answer", "conversation", "engine", "bot", "cli"],
      answer: ["index", "retrieve", "conversation", "engine", "bot", "cli"],
      conversation: ["index", "retrieve", "engine", "bot", "cli"],
      engine: ["bot", "cli"],
    };
    const offenders: string[] = [];
    for (const [file, imports] of importGraph()) {
      const stage = file.split("/")[1]!;
      for (const target of imports) if (later[stage]?.includes(target.split("/")[1]!)) offenders.push(`${file} imports ${target}`);
    }
    expect(offenders).toEqual([]);
  });

  it("no source file imports itself back through others (no import cycles in src/)", () => {
    const known = new Set(KNOWN_CYCLES.map((c) => c.join(" ⇄ ")));
    const cycles = importCycles(importGraph()).map((c) => c.join(" ⇄ "));
    expect(cycles.filter((c) => !known.has(c))).toEqual([]);
    // a known cycle that is gone is taken off the list, so that it cannot come back unnoticed
    expect([...known].filter((c) => !cycles.includes(c))).toEqual([]);
  });

  it("the cycle finder finds every cycle and nothing else", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts", "d.ts"]],
      ["d.ts", []],
      ["e.ts", ["e.ts"]],
    ]);
    expect(importCycles(graph)).toEqual([["a.ts", "b.ts", "c.ts"], ["e.ts"]]);
  });
});
