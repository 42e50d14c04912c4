/** Every text a Telegram user reads, in one place (Chinese). Logs stay in English elsewhere. */
export const MSG = {
  emptyQuestion: "请直接用文字提一个问题，例如「高新区有哪些新项目？」。发送 /help 查看用法。",
  noWords: "我没看懂这个问题：请用文字描述你想了解的新闻，例如「西太湖有什么新项目？」。",
  nonText: "我只能读文字消息：贴纸、图片和语音我看不懂，请用文字提问。",
  truncated: (max: number) => `（你的问题太长，我只读了前 ${max} 个字。）`,
  editedQuestion: "（你修改了问题，这是按修改后的问题重新回答。）",
  rateLimited: "你问得太快啦，请稍等一分钟再问。",
  groupRateLimited: "这个群里问得太快啦，请大家稍等一分钟再问。",
  buttonRateLimited: "点得太快啦，请稍等一会儿。",
  moreExpired: "这条回答的对话已经过期了，请重新提问。",
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
  // Groups and commands, the bot's profile, the welcome in a group.
  unknownCommand: (command: string, suggestion?: string | null) =>
    `没有 ${command} 这个命令${suggestion ? `，你是想用 ${suggestion} 吗？` : "。"}发送 /help 查看可用的命令，或直接用文字提问。`,
  description:
    "武进新闻问答：用中文问本地新闻，我根据报纸上的报道回答，每句话都标有出处，摘录和原文都可以当场核对。在群里请 @我 或回复我的消息；在任何聊天里输入 @我的用户名 加问题，可以把带出处的回答发给别人。",
  shortDescription: "用中文问武进本地新闻，每个回答都标有报道出处。",
  welcome: (username: string) =>
    `大家好！我是武进新闻问答机器人。在群里 @${username} 加问题，或回复我的消息追问，我会根据本地报道回答并标出处。发送 /help 查看用法。`,
  // Sources a reader can check in place.
  excerptsTitle: "原文摘录",
  catalogPage: (documents: number, range: string, page: number, pages: number) => `资料库：${documents} 篇报道，${range}（第 ${page}/${pages} 页，最新的在前）`,
  catalogEmpty: "资料库里还没有报道。",
  undated: "版面未印日期，也推断不出",
  previousPage: "‹ 上一页",
  nextPage: "下一页 ›",
  // Inline mode and deep links.
  articleButton: "原文",
  articleCut: (shown: number, total: number) => `（全文共 ${total} 字，太长了，这里只显示前 ${shown} 字。）`,
  articleGone: "这篇报道已经找不到了（资料可能刚更新过）。",
  inlineAsk: "在机器人里提问",
  inlineNothing: "没有找到相关报道，点这里在机器人里提问",
  inlineOpenBot: "在机器人里继续问",
  inlineSourceButton: (n: number) => `原文 [${n}]`,
  // Feedback under answers.
  voteUpButton: "👍",
  voteDownButton: "👎",
  voteCounted: (button: string) => `${button} 已记录`,
  voteThanksUp: "谢谢！很高兴这个回答有用。",
  voteThanksDown: "谢谢反馈！编辑部会看到这个问题，我们会改进。",
  voteGone: "这条回答的记录已经找不到了，谢谢你的反馈。",
  voteFailed: "抱歉，反馈暂时没能保存，请稍后再点一次。",
  // Subscriptions that push new articles.
  subscribeUsage: "请在命令后写上想关注的话题，例如：/subscribe 液流电池",
  subscribed: (topic: string, daily: number) =>
    `好的，已关注「${topic}」。有关于它的新报道时我会发给你（每天最多 ${daily} 条）。发送 /subscriptions 查看，/unsubscribe ${topic} 取消。`,
  subscribedAlready: (topic: string) => `你已经关注了「${topic}」。`,
  subscribeTooMany: (max: number) => `最多可以关注 ${max} 个话题，请先用 /unsubscribe 取消一些。`,
  subscribeTopicTooLong: (max: number) => `话题太长了，请用不超过 ${max} 个字的关键词，例如：/subscribe 液流电池`,
  subscribeNoWords: "这个话题里没有可以查找的词，请换一个关键词，例如：/subscribe 液流电池",
  unsubscribed: (topics: string[]) => `好的，已取消关注${topics.map((t) => `「${t}」`).join("")}。`,
  unsubscribedNone: (topic: string) => `你没有关注「${topic}」。发送 /subscriptions 查看你关注的话题。`,
  subscriptionsNone: "你还没有关注任何话题。发送 /subscribe 话题 开始关注，例如：/subscribe 液流电池",
  subscriptionsList: (topics: string[]) =>
    `你关注的话题：${topics.map((t) => `「${t}」`).join("、")}。有新报道时我会发给你；发送 /unsubscribe 话题 取消其中一个，/unsubscribe 全部取消。`,
  subscriptionsUnavailable: "抱歉，订阅暂时无法保存，请稍后再试。",
  pushHeading: (topic: string) => `你关注的「${topic}」有新报道：`,
  pushSourceButton: "原文",
  digestHeading: (day: string) => `今日新报道（${day}）：`,
  digestTopics: (topics: string[]) => `关注的话题：${topics.map((t) => `「${t}」`).join("、")}`,
  digestSourceButton: (n: number) => `原文 [${n}]`,
} as const;

export const COMMANDS = [
  { command: "start", description: "简介和示例问题" },
  { command: "help", description: "用法说明" },
  { command: "sources", description: "资料库里有哪些报道" },
  { command: "reset", description: "忘掉之前的对话，开始新话题" },
  { command: "subscribe", description: "关注一个话题，有新报道时推送给你" },
  { command: "unsubscribe", description: "取消关注（不写话题则全部取消）" },
  { command: "subscriptions", description: "查看你关注的话题" },
] as const;
