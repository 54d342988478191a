/** What an answer costs: the model's reported usage, or for the offline engine "1 token ≈ 1 word". */
import type { Answer } from '../ai/types.js';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Words in a text (runs of letters/digits; punctuation alone is not a word). */
export function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’._/-]*/gu) ?? []).length;
}

// An answer served again from the server's cache is the same object: its words are counted once.
const completionWords = new WeakMap<Answer, number>();

/** The usage to debit for an answer to `question`. */
export function usageOf(question: string, answer: Answer): Usage {
  if (answer.usage && answer.usage.total_tokens > 0) {
    const { prompt_tokens, completion_tokens } = answer.usage;
    return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
  }
  const prompt = Math.max(1, wordCount(question));
  let completion = completionWords.get(answer);
  if (completion === undefined) {
    const written = [answer.explanation, ...answer.commands.flatMap((c) => [c.command, c.description]), ...answer.risks].join(' ');
    completion = Math.max(1, wordCount(written));
    completionWords.set(answer, completion);
  }
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** The least a question can cost (checked before the model is called): its own words plus one. */
export function minimumEstimate(question: string): number {
  return Math.max(1, wordCount(question)) + 1;
}
