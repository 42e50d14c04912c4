import { describe, expect, it } from "vitest";
import { mineTerms } from "../../src/text/terms.js";
import { addTerms, searchTokens } from "../../src/text/tokenizer.js";
import { tagged } from "../../src/question/tokens.js";

const art = (body: string, title = "") => ({ title, body });

describe("names mined at ingest", () => {
  it("finds organisations by suffix, quoted and book-title names, and declared short names", () => {
    const terms = mineTerms([
      art("常州星辰新能源有限公司（以下简称“星辰新能”）在武高新建设产线。"),
      art("今天是第六个“学习日”，大家学习了《新时代法治保障》。"),
    ]);
    expect(terms).toEqual(expect.arrayContaining(["常州星辰新能源有限公司", "星辰新能", "学习日", "新时代法治保障"]));
  });

  it("keeps a short name in brackets only when it abbreviates the full name before it", () => {
    const terms = mineTerms([art("武进国家高新区（武高新）今年新增项目。会议（上午）结束。")]);
    expect(terms).toContain("武高新");
    expect(terms).not.toContain("上午");
  });

  it("does not turn a one-character OCR slip of a frequent name into a word", () => {
    const body = "湖塘科技产业园发展迅速。湖塘科技产业园新增企业。湖塘科枝产业园。";
    const terms = mineTerms([art(body)]);
    expect(terms).toContain("湖塘科技产业园");
    expect(terms).not.toContain("湖塘科枝产业园");
  });

  it("leaves generic words with an organisation suffix out", () => {
    expect(mineTerms([art("新建了服务中心和培训基地。")])).not.toEqual(expect.arrayContaining(["服务中心"]));
  });

  it("leaves common words out, even quoted, so that they keep their part of speech", () => {
    const mined = mineTerms([art("他说，“投资”和“教育”都要“一刀切”地看待，“叁零陆”不然。")]);
    expect(mined).toContain("叁零陆");
    expect(mined).not.toEqual(expect.arrayContaining(["投资"]));
    expect(mined).not.toEqual(expect.arrayContaining(["教育"]));
    addTerms(mined);
    expect(tagged("集团投资建设").find((t) => t.word === "投资")?.tag).toMatch(/^v/u);
  });

  it("mined names stay whole in search tokens", () => {
    addTerms(mineTerms([art("江苏叁零陆动力部件有限公司正铆足干劲。")]));
    expect(searchTokens("江苏叁零陆动力部件有限公司的订单")).toContain("江苏叁零陆动力部件有限公司");
  });
});

describe("user dictionary", () => {
  it("keeps local names whole and drops question words", () => {
    const tokens = searchTokens("武进国家高新区和西太湖科技产业园有哪些项目？");
    expect(tokens).toEqual(expect.arrayContaining(["武进国家高新区", "西太湖科技产业园", "项目"]));
    expect(tokens).not.toContain("哪些");
    expect(tokens).not.toContain("有");
  });
});
