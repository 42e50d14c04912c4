/**
 * What readers say that is not a question about the news — greetings, thanks, goodbyes, 「你是谁」 —
 * told from a question by data/small-talk.tsv (read through the lexicon): a message is small talk when,
 * without punctuation, emoji and polite particles, it is made of one or two of its phrases. Such a
 * message gets a short friendly reply saying what the bot can do; it is no failed search.
 */
import { lexicon, type SmallTalkKind } from "../lexicon/lexicon.js";

export type { SmallTalkKind } from "../lexicon/lexicon.js";

/** Particles and marks a greeting may carry (「你好呀～」「谢谢！！」「在吗？」). */
const DECORATION = /[\s\p{P}\p{S}\p{Emoji_Presentation}\u200d\ufe0f]|[啊呀哈哦喔噢呢吧啦嘛哇嗷]+$/gu;

function bare(text: string): string {
  let out = text.toLowerCase().replace(DECORATION, "");
  for (let k = 0; k < 3; k++) out = out.replace(/[啊呀哈哦喔噢呢吧啦嘛哇嗷]+$/u, "");
  return out;
}

/** The kind of small talk a message is (the first phrase's), or undefined for a question. */
export function smallTalkOf(text: string): SmallTalkKind | undefined {
  const rest = bare(text);
  if (!rest || rest.length > 12) return undefined;
  const phrases = lexicon().smallTalk;
  // one phrase, or two in a row (「你好，谢谢」「好的谢谢，再见」)
  for (const first of phrases) {
    if (!rest.startsWith(first.phrase)) continue;
    const tail = rest.slice(first.phrase.length);
    if (!tail || phrases.some((p) => p.phrase === tail)) return first.kind;
  }
  return undefined;
}

/** The reply to small talk: friendly, short, and saying what the bot can do. */
export const SMALL_TALK_REPLY: Record<SmallTalkKind, string> = {
  greeting: "你好！我是本地新闻问答助手，可以回答关于本报报道的问题，每个回答都注明出处。比如问：高新区有哪些新能源项目？",
  thanks: "不客气！还有关于本地新闻的问题，随时问我。",
  goodbye: "再见！有关于本地新闻的问题，随时来问。",
  identity: "我是本地新闻问答助手：用本报的报道回答问题，每个回答都注明标题、记者和日期。可以接着追问，比如「它的总经理是谁？」。",
};
