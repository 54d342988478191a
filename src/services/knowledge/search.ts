/**
 * BM25F ranking over the knowledge base: each entry's fields (title, questions, keywords, id,
 * explanation, commands) are indexed in both languages with their own weight, so a French
 * question finds an entry whatever language its best words are in. Query words unknown to the
 * base are corrected to a close known word (typos), and a confidence score says how much of the
 * question the best entry actually covers - the basis for an honest "I don't know".
 */
import { distance } from 'fastest-levenshtein';
import { terms } from './text.js';
import type { KnowledgeEntry } from './types.js';

/** Field weights: titles and the curated phrasings count most; the body only helps break ties. */
export const FIELD_WEIGHTS = {
  title: 3,
  questions: 2,
  keywords: 2.5,
  id: 1.5,
  explanation: 0.3,
  commands: 0.3,
} as const;
type Field = keyof typeof FIELD_WEIGHTS;
const FIELDS = Object.keys(FIELD_WEIGHTS) as Field[];

const K1 = 1.2;
const B = 0.6;
/** Below this confidence the answer is "I don't know this one". */
export const CONFIDENCE_THRESHOLD = 0.4;
/** How much a word unknown to the whole base weighs against the match, relative to the rarest known word (tuned on the query set and off-topic questions). */
const UNKNOWN_WEIGHT = 1;
/** A typo-corrected word counts for this share of its weight when covered (a guess is not a match). */
const CORRECTED_SHARE = 0.5;

interface Doc {
  entry: KnowledgeEntry;
  tf: Record<Field, Map<string, number>>;
  len: Record<Field, number>;
  vocab: Set<string>;
}

/** One entry's tokenised fields (term frequencies and length per field). */
export type IndexedTerms = Record<Field, { tf: Array<[string, number]>; len: number }>;

export interface SearchHit {
  entry: KnowledgeEntry;
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** 0-1: share of the question's weight (IDF) that the best entry covers, damped when the top two are tied. */
  confidence: number;
  /** The query terms after normalisation and typo correction (debugging). */
  terms: string[];
}

function fieldText(entry: KnowledgeEntry, field: Field): string {
  switch (field) {
    case 'title':
      return `${entry.title.en} ${entry.title.fr}`;
    case 'questions':
      return [...entry.questions.en, ...entry.questions.fr].join(' . ');
    case 'keywords':
      return [...entry.keywords.en, ...entry.keywords.fr].join(' . ');
    case 'id':
      return entry.id.replace(/-/g, ' ');
    case 'explanation':
      return `${entry.explanation.en} ${entry.explanation.fr}`;
    case 'commands':
      return entry.commands.map((c) => `${c.command} ${c.description.en} ${c.description.fr}`).join(' . ');
  }
}

/** A searchable index over a set of entries (build once after load; searching is allocation-light). */
export class KnowledgeIndex {
  private readonly docs: Doc[];
  private readonly df = new Map<string, number>();
  private readonly avgLen = {} as Record<Field, number>;
  private readonly fuzzyCache = new Map<string, string | null>();
  private readonly maxIdf: number;

  /** Indexes the entries; `precomputed` (from exportTerms) skips tokenising them again (the on-disk cache). */
  constructor(entries: KnowledgeEntry[], precomputed?: IndexedTerms[]) {
    this.docs = entries.map((entry, i) => {
      const tf = {} as Doc['tf'];
      const len = {} as Doc['len'];
      const vocab = new Set<string>();
      for (const field of FIELDS) {
        const map = new Map<string, number>();
        const saved = precomputed?.[i]?.[field];
        if (saved) {
          for (const [t, n] of saved.tf) map.set(t, n);
          len[field] = saved.len;
        } else {
          const ts = terms(fieldText(entry, field));
          for (const t of ts) map.set(t, (map.get(t) ?? 0) + 1);
          len[field] = ts.length;
        }
        tf[field] = map;
        for (const t of map.keys()) vocab.add(t);
      }
      for (const t of vocab) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      return { entry, tf, len, vocab };
    });
    for (const field of FIELDS) {
      const total = this.docs.reduce((sum, d) => sum + d.len[field], 0);
      this.avgLen[field] = this.docs.length ? Math.max(1, total / this.docs.length) : 1;
    }
    this.maxIdf = this.idfOf(0);
  }

  get size(): number {
    return this.docs.length;
  }

  /** The tokenised fields of every entry, in entry order (what the on-disk cache stores). */
  exportTerms(): IndexedTerms[] {
    return this.docs.map((d) => Object.fromEntries(FIELDS.map((f) => [f, { tf: [...d.tf[f]], len: d.len[f] }])) as IndexedTerms);
  }

  private idfOf(df: number): number {
    const n = this.docs.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private idf(term: string): number {
    return this.idfOf(this.df.get(term) ?? 0);
  }

  /** A known term within one edit (two for long words) of an unknown one, or null. */
  private correct(term: string): string | null {
    if (this.df.has(term)) return term;
    const cached = this.fuzzyCache.get(term);
    if (cached !== undefined) return cached;
    let best: string | null = null;
    if (term.length >= 5 && !/\d/.test(term)) {
      const max = term.length >= 8 ? 2 : 1;
      let bestDist = max + 1;
      let bestDf = 0;
      for (const [known, df] of this.df) {
        if (Math.abs(known.length - term.length) > max || known[0] !== term[0]) continue;
        const d = distance(known, term);
        if (d < bestDist || (d === bestDist && df > bestDf)) {
          best = known;
          bestDist = d;
          bestDf = df;
        }
      }
    }
    this.fuzzyCache.set(term, best);
    return best;
  }

  private scoreDoc(doc: Doc, queryTerms: string[]): number {
    let score = 0;
    for (const t of queryTerms) {
      let wtf = 0;
      for (const field of FIELDS) {
        const f = doc.tf[field].get(t);
        if (!f) continue;
        wtf += (FIELD_WEIGHTS[field] * f) / (1 - B + (B * doc.len[field]) / this.avgLen[field]);
      }
      if (wtf > 0) score += this.idf(t) * ((wtf * (K1 + 1)) / (wtf + K1));
    }
    return score;
  }

  /**
   * Ranks entries for a question; `limit` hits, best first, with a confidence for the first.
   * `unknownWeight` overrides how much words unknown to the base count against the match
   * (0 for machine-made context such as a finding's evidence, full of numbers and host names).
   */
  search(query: string, limit = 5, opts: { unknownWeight?: number; confidenceFrom?: string } = {}): SearchResult {
    const unknownWeight = opts.unknownWeight ?? UNKNOWN_WEIGHT;
    const raw = [...new Set(terms(query))];
    // The words whose coverage makes the confidence (by default the query itself).
    const judged = opts.confidenceFrom === undefined ? undefined : new Set(terms(opts.confidenceFrom).map((t) => this.correct(t) ?? t));
    const known: string[] = [];
    const guessed = new Set<string>();
    // Weight of every query word: unknown words weigh nearly as much as the rarest known word,
    // so "bake a chocolate cake" is mostly not covered by anything in the base.
    let totalWeight = 0;
    for (const t of raw) {
      const c = this.correct(t);
      const counts = !judged || judged.has(c ?? t);
      if (c) {
        known.push(c);
        if (c !== t) guessed.add(c);
        if (counts) totalWeight += this.idf(c);
      } else if (counts && !/^\d+$/.test(t)) totalWeight += unknownWeight * this.maxIdf; // an unknown number ("96%") names no topic
    }
    const queryTerms = [...new Set(known)];
    const hits: SearchHit[] = [];
    for (const doc of this.docs) {
      const score = this.scoreDoc(doc, queryTerms);
      if (score > 0) hits.push({ entry: doc.entry, score });
    }
    hits.sort((a, b) => b.score - a.score);
    let confidence = 0;
    if (hits.length && totalWeight > 0) {
      const top = this.docs.find((d) => d.entry === hits[0].entry)!;
      // Only words that matter in the top entry (its curated fields) count as covered.
      const covered = queryTerms.filter((t) => (!judged || judged.has(t)) && (top.tf.title.has(t) || top.tf.questions.has(t) || top.tf.keywords.has(t) || top.tf.id.has(t)));
      const coveredWeight = covered.reduce((sum, t) => sum + this.idf(t) * (guessed.has(t) && !raw.includes(t) ? CORRECTED_SHARE : 1), 0);
      confidence = coveredWeight / totalWeight;
      // A near tie with a different entry means the question is ambiguous: say so through a lower score.
      if (hits.length > 1) {
        const ratio = hits[1].score / hits[0].score;
        if (ratio > 0.95) confidence *= 0.9;
      }
    }
    return { hits: hits.slice(0, limit), confidence: Math.round(confidence * 1000) / 1000, terms: queryTerms };
  }
}
