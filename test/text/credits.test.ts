/** A quote says what happened, not who filed it: news credits are left out of quotes. */
import { describe, expect, it } from "vitest";
import { withoutCredits } from "../../src/text/credits.js";

describe("news credits", () => {
  it("are left out of a quote, wherever the text carries them", () => {
    expect(withoutCredits("本报讯 (记者 张宁) 冲刺四季度,打好收官战")).toBe("冲刺四季度,打好收官战");
    expect(withoutCredits("新华社北京8月8日电（记者赵文君） 国家标准委与国家发展改革委联合印发")).toBe("国家标准委与国家发展改革委联合印发");
    expect(withoutCredits("7月份中国制造业PMI为49.3% 中新社北京7月31日电 (记者 王恩博)中国国家统计局7月31日公布")).toBe(
      "7月份中国制造业PMI为49.3% 中国国家统计局7月31日公布",
    );
    expect(withoutCredits("军队“随时候命”【环球网报道】据美国有线电视新闻网报道")).toBe("军队“随时候命”据美国有线电视新闻网报道");
  });

  it("leave what only looks like one, and a quote that would be left empty", () => {
    expect(withoutCredits("据新华社报道，他7月29日电话联系了对方")).toBe("据新华社报道，他7月29日电话联系了对方");
    expect(withoutCredits("新华社北京8月8日电")).toBe("新华社北京8月8日电");
  });
});
