/** "Did you mean ...?" for mistyped commands, flags, keys and ids. */
import { distance } from 'fastest-levenshtein';

/** The closest candidate within a small edit distance (or a prefix match), else undefined. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = input.toLowerCase();
  for (const c of candidates) {
    const cl = c.toLowerCase();
    let score = distance(lower, cl);
    if (cl.startsWith(lower) && lower.length >= 2) score = Math.min(score, 1);
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  return bestScore <= limit ? best : undefined;
}
