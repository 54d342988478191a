/** What an answer costs: the model's reported usage, or for the offline engine "1 token ≈ 1 word". */
import type { Answer } from '../ai/types.js';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’._/-]*/gu;

/** Words in a text (runs of letters/digits; punctuation alone is not a word). Counted without listing them (every answer is counted). */
export function wordCount(text: string): number {
  WORD.lastIndex = 0;
  let n = 0;
  while (WORD.test(text)) n++;
  return n;
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
