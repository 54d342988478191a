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
    // Swapped neighbours are the commonest typo ("vcp" for "vpc"): count a swap as one edit.
    if (score === 2 && hasOneSwap(lower, cl)) score = 1;
    if (cl.startsWith(lower) && lower.length >= 2) score = Math.min(score, 1);
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  return bestScore <= limit ? best : undefined;
}

/** True when b is a with exactly one pair of adjacent characters swapped. */
function hasOneSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}
