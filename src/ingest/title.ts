/** A headline for text that has none (photo news, JSON Lines documents without `title`). */
const MAX = 32;

export function deriveTitle(body: string): string {
  const first = body.split(/[。！？!?\n]/u)[0] ?? body;
  let clause = (first.split(/[，,；;：:]/u)[0] ?? first).trim();
  // 「位于武进国家高新区的10GW TOPCon 电池项目…」: the subject follows the location phrase.
  clause = clause.replace(/^(?:位于|地处)[^的]{1,20}的/u, "");
  // Cut at the verb that follows the subject (「…项目由滨湖集团投资建设」).
  const verb = /(?<=.{6})(?:由|在|于|已|正|将|是|为|获|被)/u.exec(clause);
  if (verb && clause.length > 16) clause = clause.slice(0, verb.index);
  clause = clause.trim();
  return clause.length > MAX ? `${clause.slice(0, MAX - 1)}…` : clause || body.slice(0, MAX);
}
