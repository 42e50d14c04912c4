/** `cli report`: the most asked, the unanswered and the 👎 questions, with counts, from the feedback records. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/feedback/report.js";
import { FileFeedbackStore } from "../../src/feedback/store.js";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

describe("cli report", () => {
  it("counts the most asked, the unanswered and the 👎 questions (text and --json, --since)", async () => {
    const fdir = join(tempDir("wnb-report-"), "feedback");
    const store = new FileFeedbackStore(fdir, "report-salt-0123456789");
    const rec = (id: string, reader: string, day: string, question: string, found: boolean, standalone = question) =>
      store.recordAnswer({
        id,
        at: `${day}T08:00:00.000Z`,
        day,
        reader,
        chat: "private",
        question,
        standalone,
        found,
        docIds: found ? ["004_c0f6460f45f37c11#0"] : [],
      });
    const vote = (id: string, reader: string, day: string, v: "up" | "down", question: string, found: boolean, standalone = question) =>
      store.recordVote({ id, at: `${day}T09:00:00.000Z`, day, reader, vote: v, question, standalone, found, docIds: found ? ["004_c0f6460f45f37c11#0"] : [] });
    await rec("a1", "r1", "2024-12-01", "高新区有哪些新能源项目？", true);
    await rec("a2", "r2", "2024-12-02", "高新区有哪些新能源项目", true);
    await rec("a3", "r3", "2024-12-02", "高新区有哪些新能源项目？", true);
    await rec("a4", "r1", "2024-12-02", "武进区2024年的GDP是多少？", false);
    await rec("a5", "r2", "2024-12-03", "武进区2024年的GDP是多少？", false);
    await rec("a6", "r3", "2024-12-03", "总经理是谁？", true, "叁零陆的总经理是谁？");
    await vote("a6", "r3", "2024-12-03", "down", "总经理是谁？", true, "叁零陆的总经理是谁？");
    await vote("a6", "r2", "2024-12-03", "up", "总经理是谁？", true, "叁零陆的总经理是谁？");
    await vote("a6", "r2", "2024-12-03", "down", "总经理是谁？", true, "叁零陆的总经理是谁？"); // r2 changed their mind
    await vote("a5", "r2", "2024-12-03", "down", "武进区2024年的GDP是多少？", false);

    const text = cli(["report", "--dir", fdir]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("6 asked by 3 readers, 4 answered, 2 unanswered; votes: 0 👍, 3 👎");
    expect(text.stdout).toMatch(/Most asked\n\s+3  高新区有哪些新能源项目？  \(3 readers\)\n\s+2  武进区2024年的GDP是多少？/u);
    expect(text.stdout).toMatch(/Unanswered\n\s+2  武进区2024年的GDP是多少？  \(2 readers\)/u);
    expect(text.stdout).toMatch(
      /👎\n\s+2  叁零陆的总经理是谁？  \(2 readers\)\n\s+asked as 「总经理是谁？」\n\s+cited 004_c0f6460f45f37c11#0\n\s+1  武进区2024年的GDP是多少？  \(1 reader, unanswered\)/u,
    );

    const json = cli(["report", "--dir", fdir, "--json", "--since", "2024-12-02"]);
    expect(json.code, json.stderr).toBe(0);
    expect(json.json).toHaveLength(1);
    const r = json.json[0] as ReturnType<typeof buildReport> & Record<string, unknown>;
    expect(r).toMatchObject({ since: "2024-12-02", asked: 5, answered: 3, unanswered: 2, votes: { up: 0, down: 3 } });
    const mostAsked = r.most_asked as Array<{ question: string }>;
    expect(mostAsked.at(-1)).toEqual({ question: "叁零陆的总经理是谁？", count: 1, readers: 1, answered: 1 });
    expect(mostAsked.slice(0, 2)).toEqual(
      expect.arrayContaining([
        { question: "高新区有哪些新能源项目", count: 2, readers: 2, answered: 2 }, // the first wording seen since 12-02
        { question: "武进区2024年的GDP是多少？", count: 2, readers: 2, answered: 0 },
      ]),
    );
    expect(r.unanswered_questions).toEqual([{ question: "武进区2024年的GDP是多少？", count: 2, readers: 2, answered: 0 }]);
    expect((r.down_voted as Array<{ question: string; count: number }>).map((d) => [d.question, d.count])).toEqual([
      ["叁零陆的总经理是谁？", 2],
      ["武进区2024年的GDP是多少？", 1],
    ]);
    expect(cli(["report", "--since", "12/01/2024"]).code).toBe(1);
  });
});

describe("what report does not count as a question", () => {
  it("a 「更多」 press continues a question counted once, answered or not; small talk is never recorded", async () => {
    const fdir = join(tempDir("wnb-report-more-"), "feedback");
    const store = new FileFeedbackStore(fdir, "report-salt-0123456789");
    const at = "2024-12-02T08:00:00.000Z";
    const base = { at, day: "2024-12-02", reader: "r1", chat: "private" as const, docIds: [] };
    await store.recordAnswer({
      ...base,
      id: "q1",
      question: "区政协主席是谁？",
      standalone: "区政协主席是谁？",
      found: true,
      docIds: ["004_c0f6460f45f37c11#1"],
    });
    // the reader pressed 「更多」 twice: the second found nothing more
    await store.recordAnswer({ ...base, id: "m1", question: "还有吗", standalone: "区政协主席是谁？", found: true, continues: true });
    await store.recordAnswer({ ...base, id: "m2", question: "还有吗", standalone: "区政协主席是谁？", found: false, continues: true });
    const report = buildReport(await store.read());
    expect(report).toMatchObject({ asked: 1, answered: 1, unanswered: 0, morePresses: 2 });
    expect(report.unansweredQuestions).toEqual([]);

    // small talk reaches the store not at all (src/bot/feedback.ts noteAnswer)
    const { noteAnswer } = await import("../../src/bot/feedback.js");
    expect(
      await noteAnswer({} as never, "s1", { question: "你好", standalone: "你好", found: false, answer: "你好！", sources: [], smallTalk: "greeting" }),
    ).toBe(false);
  });
});
