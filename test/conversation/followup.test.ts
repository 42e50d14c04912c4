/** Follow-ups rewritten into standalone questions, through the engine over the seed pages. */
import { beforeAll, describe, expect, it } from "vitest";
import type { AnswerResult } from "../../src/answer/types.js";
import { resolveFollowup } from "../../src/conversation/followup.js";
import { emptyConversation, MemoryConversationStore, type ConversationState } from "../../src/conversation/state.js";
import type { Engine } from "../../src/engine/engine.js";
import { seedEngine } from "../engine/seed-engine.js";

let engine: Engine;
beforeAll(async () => {
  engine = await seedEngine();
});

async function chat(questions: string[]): Promise<{ results: AnswerResult[]; state: ConversationState }> {
  let state = emptyConversation();
  const results: AnswerResult[] = [];
  for (const q of questions) {
    const out = await engine.ask(q, { state });
    // The state must survive a JSON round trip (the bot keeps it in grammY sessions).
    state = JSON.parse(JSON.stringify(out.state)) as ConversationState;
    results.push(out.result);
  }
  return { results, state };
}

describe("follow-up questions", () => {
  it("a pronoun (它) takes the previous subject", async () => {
    const { results } = await chat(["星辰新能源在武高新建了一条什么样的产线？", "它还自建了什么？"]);
    expect(results[1]!.standalone).toBe("星辰新能源还自建了什么？");
    expect(results[1]!.answer).toContain("电解液厂");
  });

  it("它 after a question about something no recogniser names takes what that question was about", () => {
    const state: ConversationState = {
      turns: [
        {
          question: "新巴82线来往哪里？",
          standalone: "新巴82线来往哪里？",
          found: true,
          docIds: ["d1"],
          entities: [],
          at: 0,
          topic: "新巴82线",
          antecedents: [],
        },
      ],
    };
    expect(resolveFollowup(engine.analyse("它每天服务多长时间？"), state).standalone).toBe("新巴82线每天服务多长时间？");
  });

  it("该公司 takes the previous subject too", async () => {
    const { results } = await chat(["叁零陆动力部件在哪里？", "该公司的扁线电机年生产能力是多少？"]);
    expect(results[1]!.standalone).toContain("叁零陆");
    expect(results[1]!.answer).toContain("10万套");
  });

  it("他 takes the person the previous answer named", async () => {
    const { results } = await chat(["叁零陆的总经理是谁？", "他说四季度订单增加了多少？"]);
    expect(results[1]!.standalone).toMatch(/^秦金玉/u);
    expect(results[1]!.answer).toContain("20%~30%");
  });

  it("他 that the segmenter joined to its verb (他作|了) still points back, at the person the answer named, not at the company asked about", async () => {
    const { results } = await chat(["菲尼克斯（中国）投资有限公司的副总裁是谁？", "他作了什么主题演讲？"]);
    expect(results[1]!.standalone).toBe("杨斌作了什么主题演讲？");
    expect(results[1]!.answer).toContain("新能源与智能制造");
  });

  it("「那X呢」 swaps the topic and keeps the question", async () => {
    const { results } = await chat(["区人大常委会的副主任有哪些人？", "那区政协领导呢？"]);
    expect(results[1]!.standalone).toBe("区政协领导有哪些人？");
    expect(results[1]!.answer).toContain("蒋红英");
    expect(results[1]!.answer).not.toContain("孙金才");
  });

  it("a bare predicate (总经理是谁？) borrows the previous subject", async () => {
    const { results } = await chat(["叁零陆动力部件在哪里？", "总经理是谁？"]);
    expect(results[1]!.standalone).toMatch(/^叁零陆.*的总经理是谁？$/u);
    expect(results[1]!.answer.split("\n")[0]).toContain("秦金玉");
  });

  it("an ordinal (第二个详细说说) points at the second item of the previous list", async () => {
    const { results, state } = await chat(["武进国家高新区有哪些新能源项目？", "第二个详细说说"]);
    const items = state.turns[0]!.items!;
    expect(items.length).toBeGreaterThan(2);
    expect(results[1]!.standalone).toContain(items[1]!.text);
    expect(results[1]!.sources[0]!.id).toBe(items[1]!.docId);
  });

  it("还有吗 quotes evidence not quoted before, and says so when there is none left", async () => {
    const { results } = await chat(["TOPCon电池项目由谁投资建设？", "还有吗？", "还有吗？", "还有吗？"]);
    expect(results[1]!.standalone).toBe(results[0]!.standalone);
    expect(results[1]!.continues).toBe(true);
    const quoted = (r: AnswerResult): string[] => r.answer.split("\n").map((l) => l.replace(/^据.*?：/u, "").replace(/\[\d+\]/gu, ""));
    const seen = new Set(quoted(results[0]!));
    for (const line of quoted(results[1]!)) expect(seen.has(line)).toBe(false);
    // pressed until nothing is left, it says so instead of repeating itself
    const last = results.at(-1)!;
    expect(last.found ? last.more : true).toBeTruthy();
    expect(results.some((r) => !r.found && /没有找到更多/u.test(r.answer))).toBe(true);
  });

  it("a question that names its own subject is a new topic", async () => {
    const { results } = await chat(["叁零陆的总经理是谁？", "武进区政协主席是谁？"]);
    expect(results[1]!.standalone).toBe("武进区政协主席是谁？");
    expect(results[1]!.answer).toContain("郑政平");
  });

  it("a new question after a list is not rewritten into the old topic", async () => {
    const { results } = await chat(["区人大常委会主任是谁？", "学习日的主题是什么？"]);
    expect(results[1]!.standalone).toBe("学习日的主题是什么？");
  });

  it("without earlier turns a question is taken as it is", () => {
    expect(resolveFollowup(engine.analyse("它还自建了什么？"), emptyConversation())).toMatchObject({ standalone: "它还自建了什么？", kind: "new" });
  });

  it("他 takes the person the conversation is about, and the answer comes from the article just cited", async () => {
    const { results } = await chat(["沈东在武高新看了哪些项目？", "他提出了什么要求？"]);
    expect(results[1]!.standalone).toBe("沈东提出了什么要求？");
    expect(results[1]!.found).toBe(true);
    expect(results[1]!.sources[0]!.id).toBe(results[0]!.sources[0]!.id);
    expect(results[1]!.answer).toMatch(/要求/u);
  });

  it("a follow-up without a subject inherits the previous topic", async () => {
    const { results } = await chat(["区政协的工作思路研讨会是什么时候召开的？", "有哪些领导参加？"]);
    expect(results[1]!.standalone).toBe("区政协的工作思路研讨会有哪些领导参加？");
    expect(results[1]!.answer).toContain("蒋红英");
    expect(results[1]!.sources[0]!.title).toContain("研讨会");
  });

  it("a question on a new topic without named things is still taken as new", async () => {
    const { results } = await chat(["叁零陆的总经理是谁？", "明天天气怎么样？"]);
    expect(results[1]!.standalone).toBe("明天天气怎么样？");
    expect(results[1]!.found).toBe(false);
  });

  it("那 + a role swaps the role of the previous question", async () => {
    const { results } = await chat(["叁零陆的总经理是谁？", "那董事长呢？"]);
    expect(results[1]!.standalone).toBe("叁零陆的董事长是谁？");
  });
});

describe("conversation store", () => {
  it("keeps states per chat and forgets one on reset", async () => {
    const store = new MemoryConversationStore();
    const { state } = await chat(["叁零陆的总经理是谁？"]);
    await store.set("a", state);
    await store.set("b", emptyConversation());
    expect((await store.get("a")).turns).toHaveLength(1);
    await store.reset("a");
    expect((await store.get("a")).turns).toHaveLength(0);
    // After /reset a pronoun has nothing to lean on.
    const after = await engine.ask("他说了什么？", { state: await store.get("a") });
    expect(after.result.standalone).toBe("他说了什么？");
  });
});
