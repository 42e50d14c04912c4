/** Every text a Telegram user reads, in one place (Chinese). Logs stay in English elsewhere. */
export const MSG = {
  emptyQuestion: "请直接用文字提一个问题，例如「高新区有哪些新项目？」。发送 /help 查看用法。",
  noWords: "我没看懂这个问题：请用文字描述你想了解的新闻，例如「西太湖有什么新项目？」。",
  nonText: "我只能读文字消息：贴纸、图片和语音我看不懂，请用文字提问。",
  truncated: (max: number) => `（你的问题太长，我只读了前 ${max} 个字。）`,
  rateLimited: "你问得太快啦，请稍等一分钟再问。",
  notAllowed: "抱歉，这个机器人只对指定的聊天开放。",
  failed: "抱歉，回答这个问题时出了点问题，请稍后再试一次。",
  sourceGone: "这条出处已经找不到了（资料可能刚更新过），请重新提问。",
  moreNothing: "这个话题没有更多内容了。",
  resetDone: (turns: number) => (turns > 0 ? `好的，已忘掉之前的 ${turns} 轮对话，可以开始新话题了。` : "现在没有需要忘掉的对话，直接提问吧。"),
  sourceButton: (n: number) => `原文 [${n}]`,
  moreButton: "更多",
  moreQuestion: "还有吗",
  understoodAs: "我理解的问题：",
  sourcesTitle: "来源",
  examplesTitle: "可以试试这些问题：",
  dateUnknown: "日期未知",
} as const;

export const COMMANDS = [
  { command: "start", description: "简介和示例问题" },
  { command: "help", description: "用法说明" },
  { command: "sources", description: "资料库里有哪些报道" },
  { command: "reset", description: "忘掉之前的对话，开始新话题" },
] as const;
