/** The items of a list a reply names are the things listed, not the clause around them. */
import { describe, expect, it } from "vitest";
import { enumeration } from "../../src/answer/items.js";

describe("the items of an enumeration", () => {
  it("are cut to what is alike the others at the edges of the clause", () => {
    expect(enumeration("2019年10月12日，市委书记蔡奇到密云区、平谷区调研指导第二批“不忘初心、牢记使命”主题教育")).toEqual(["密云区", "平谷区"]);
    expect(enumeration("防汛Ⅱ级应急响应在北京、天津、河北、山西、河南启动")).toEqual(["北京", "天津", "河北", "山西", "河南"]);
    expect(enumeration("包括上证综指、深证综指、创业板综指、科创50指数均上涨")).toEqual(["上证综指", "深证综指", "创业板综指", "科创50指数"]);
  });

  it("keep whole names that merely end in a verb-like word", () => {
    const sites =
      "沈东一行来到新泉内外饰件总成智能制造基地、理想汽车高压纯电关键零部件、恩迪高端汽车座椅舒适系统、常诚新能源汽车智能视觉系统、快克智能半导体封装设备等项目现场";
    expect(enumeration(sites)).toEqual([
      "新泉内外饰件总成智能制造基地",
      "理想汽车高压纯电关键零部件",
      "恩迪高端汽车座椅舒适系统",
      "常诚新能源汽车智能视觉系统",
      "快克智能半导体封装设备",
    ]);
  });

  it("do not split what a quotation holds", () => {
    expect(enumeration("以项目论英雄、以贡献促发展")).toBeUndefined();
    expect(enumeration("开展“不忘初心、牢记使命”主题教育")).toBeUndefined();
  });
});
