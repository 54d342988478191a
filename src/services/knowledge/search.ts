/**
 * BM25F ranking over the knowledge base: each entry's fields (title, questions, keywords, id,
 * explanation, commands) are indexed in both languages with their own weight, so a French
 * question finds an entry whatever language its best words are in. Query words unknown to the
 * base are corrected to a close known word (typos), and a confidence score says how much of the
 * question the best entry actually covers - the basis for an honest "I don't know".
 */
import { distance } from 'fastest-levenshtein';
import { everydayMeanings } from './lexicon.js';
import { namesPlatform } from './platforms.js';
import { type Meaning, phrasingHash, SemanticSpace, similarity } from './semantic.js';
import { fold, keyTerms, terms } from './text.js';
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
/**
 * Length normalisation of each field. Questions and keywords are lists of alternative phrasings, not prose: an entry
 * that knows more ways to ask for it must not match each of them less (enriching an entry would push it down).
 */
const FIELD_B: Record<Field, number> = { title: B, questions: 0.3, keywords: 0.3, id: B, explanation: B, commands: B };
/** Below this confidence the answer is "I don't know this one". */
export const CONFIDENCE_THRESHOLD = 0.4;
/**
 * How much a word unknown to the whole base weighs against the match, relative to the rarest known word,
 * when it looks like a key term (an error name such as AccessDenied, a flag, an ERR_CONSTANT): the question
 * names something precise that the base does not know.
 */
const UNKNOWN_WEIGHT = 1;
/**
 * The same for an ordinary unknown word ("tomatoes", "jenkins"): a content word the base lacks still says the
 * question may be about something else, a little less surely than a key term. Filler ("forever", "first",
 * "min") is a closed list of stop words (text.ts), and a word met only in explanations weighs at most this.
 */
const PLAIN_UNKNOWN_WEIGHT = 0.85;
/** A value typed with its unit ("8GB", "200mb", "2Go", "5s", "3x") is a value like a bare number: it names no topic. */
const VALUE = /^\d+(?:[.,]\d+)?(?:[kmgtp]i?[bo]?|b|o|ms|s|h|d|x)?$/;
/**
 * A query word in at most this many entries' curated fields is a rare key term (hpa, pvc, force-unlock):
 * found in the best entry's title it names that entry's topic, whatever else the question says.
 */
const ANCHOR_MAX_DF = 4;
/** An entry lacking a tool the question names (docker, kubectl, gitlab...) ranks this much lower. */
const TOOL_MISS_FACTOR = 0.7;
/** Among tied entries, one whose title holds every word of the question and is this much more about them leads. */
const LEADER_FOCUS_RATIO = 1.3;
/**
 * Everyday words for a symptom (lexicon.ts): the technical words they stand for rank at this share of a word of the
 * question's own (the asker's words lead)...
 */
const EVERYDAY_SHARE = 0.4;
/** ...and each everyday wording weighs this share of the rarest word, covered when the entry has one of its technical words. */
const EVERYDAY_UNIT = 0.6;
/**
 * The best-scored entries whose meaning (semantic.ts) is weighed against the question's: word matches find the
 * candidates, meaning reorders the closest of them...
 */
const SEMANTIC_DEPTH = 10;
/** ...adding this share of the best word score times the cosine of question and entry. */
const SEMANTIC_WEIGHT = 0.6;
/** A typo-corrected word counts for this share of its weight when covered (a guess is not a match). */
const CORRECTED_SHARE = 0.5;

interface Doc {
  entry: KnowledgeEntry;
  /** Position in the index (postings name entries by it). */
  index: number;
  tf: Record<Field, TermCounts>;
  len: Record<Field, number>;
  vocab: { has(t: string): boolean };
  /** Terms of each curated phrasing (a title, a question, a keyword), computed when first needed. */
  lines?: Array<Set<string>>;
  /** Terms of the two titles, computed when first needed. */
  titles?: Array<Set<string>>;
  /** Terms of the domain, computed when first needed (every search asks each entry several times). */
  domain?: string[];
  /** Whether the entry wraps a tool, by the tool's words asked so far (see wraps). */
  wrapping?: Map<string, boolean>;
  /** Field-weighted frequencies of the terms searched so far (see weightedTf). */
  wtf?: Map<string, number>;
  /** The entry's direction in the semantic space, computed when first needed (null: none of its words are in it). */
  meaning?: Meaning | null;
}

/** How often each term occurs in one field of an entry: a Map when indexed here, a view over the on-disk cache when read from it. */
export type TermCounts = Pick<ReadonlyMap<string, number>, 'get' | 'has'> & Iterable<[string, number]>;

/**
 * The terms of each curated phrasing of an entry, in linesOf's order (its two titles, each question, then each keyword),
 * and how many are questions.
 */
export interface Phrasings {
  lines: string[][];
  questions: number;
}

/**
 * One entry's tokenised fields (term frequencies and length per field), and the terms of its phrasings (a search
 * reads them for every candidate entry: tokenising them again costs a first search more than the rest of it).
 */
export type IndexedTerms = Record<Field, { tf: Array<[string, number]>; len: number }> & { phrasings: Phrasings };

/**
 * What the index computes over all entries (kept in the on-disk cache beside IndexedTerms): every term with the
 * entries that have it (in the order terms were first met), curated document frequencies, average lengths.
 */
export interface IndexStats {
  postings: Array<[string, number[]]>;
  curated: Array<[string, number]>;
  avgLen: Record<Field, number>;
}

/**
 * An index read back from the on-disk cache (packed.ts) instead of tokenising every entry: what exportTerms and
 * exportStats wrote, served without making a map per entry and field.
 */
export interface SavedIndex {
  /** In how many entries each term is, listing terms in the order the index first met them (typo correction keeps the first closest). */
  df: ReadonlyMap<string, number>;
  /** In how many entries each term is curated (terms curated nowhere are absent). */
  curatedDf: ReadonlyMap<string, number>;
  avgLen: Record<Field, number>;
  /** The entries having a term, ascending. */
  postings(t: string): Iterable<number> | undefined;
  /** One entry's term counts per field and their lengths. */
  doc(index: number): { tf: Record<Field, TermCounts>; len: Record<Field, number>; vocab: { has(t: string): boolean } };
  /** The terms of an entry's phrasings (linesOf's order), all of them or the first `count` (its titles: 2). */
  lines(index: number, count?: number): string[][];
  /** How many of an entry's phrasings are questions. */
  questionLines(index: number): number;
}

export interface SearchHit {
  entry: KnowledgeEntry;
  score: number;
  /** 0-1: share of the question's weight found in this entry's curated fields (title, questions, keywords, id). */
  coverage: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /**
   * 0-1: how surely the best entry answers the question: the share of the question's weight (IDF)
   * it covers, lowered when that coverage is scattered over unrelated phrasings of the entry,
   * when the question's most specific word is missing from it, and when several entries tie.
   */
  confidence: number;
  /** Entries tied with the best one (score within 5%), the best included: a broad question ("docker") ties many. */
  tied: number;
  /** The query terms after normalisation and typo correction (debugging). */
  terms: string[];
  /** The best entry has a rare key term of the question in its title or id (see ANCHOR_MAX_DF). */
  anchored?: boolean;
  /**
   * The best entry has every topic word of the question, in phrasings that hold them together: what it lacks
   * is only filler or unknown words, so a low confidence there is a near miss rather than another topic.
   */
  complete?: boolean;
  /** How many words of the question (as typed, not typo-corrected) the best entry has in its title or id. */
  titled?: number;
  /** In how many entries the most specific of those title words is curated (Infinity when there is none). */
  titledDf?: number;
  /** The question compares things ("ECS vs EKS", "différence entre un ALB et un NLB", "which to choose"). */
  comparison?: boolean;
  /** How many of the compared things (the question's words but the comparison itself) the best entry has in its title or id. */
  comparedInTitle?: number;
  /** The wording sets two things side by side ("X vs Y", "X or Y", "entre X et Y"): comparedInTitle counts those two sides. */
  sideBySide?: boolean;
  /**
   * How many of the question's own words (as typed, not typo guesses) one curated phrasing of the best entry holds
   * together: two or more say the entry is about what the question combines, not about one word it shares with it.
   */
  together?: number;
  /** How many of the question's own words the best entry has in its curated fields. */
  held?: number;
  /** How many topic words of the question the best entry lacks (see `complete`). */
  missingWords?: number;
  /** Whether the best entry names every tool the question names (docker, kubectl, gitlab...: see TOOL_FAMILIES). */
  namesTools?: boolean;
  /**
   * The best entry belongs to a platform (aws, gcp, azure, kubernetes: see PLATFORM_DOMAINS) that no word of the question
   * brings up: an answer for that platform only, to a question that may be about another one or none.
   */
  foreignDomain?: boolean;
  /** How many distinct words the question has (values aside). */
  words?: number;
  /** How many of the question's words the base does not know (values aside), typo guesses included. */
  unknownWords?: number;
  /** How many of the question's words name no topic of the base: unknown to it, or met only in explanations and commands. */
  foreign?: number;
}

/** Articles skipped after a comparison word ("entre un ALB et un NLB", "between an ALB and a NLB"). */
const ARTICLE = String.raw`(?:(?:an?|the|une?|les?|la|l'|des?|du)\s+)?`;
/** A side of a comparison: up to three words, stopping at punctuation. */
// Matched on the folded question (lowercase, accents removed: see fold in text.ts): plain [a-z] classes compile in a
// fraction of the time Unicode property classes take, and a one-shot `ask` compiles every pattern it runs.
const SIDE = String.raw`([a-z\d][a-z\d./+'-]*(?:\s+[a-z\d][a-z\d./+'-]*){0,2})`;
const BETWEEN = new RegExp(String.raw`(?:between|entre)\s+${ARTICLE}${SIDE}\s+(?:and|et)\s+${ARTICLE}${SIDE}`);
const VERSUS = new RegExp(String.raw`([a-z\d][a-z\d./+'-]*)\s+(?:vs\.?|versus|or|ou)\s+${ARTICLE}([a-z\d][a-z\d./+'-]*)`);
/** Two words joined by or/ou (see namesAlternatives), on the folded question. */
const ALTERNATIVES = /([a-z\d][a-z\d.+-]*)\s+(?:or|ou)\s+(?:an?\s+|une?\s+)?([a-z\d][a-z\d.+-]*)/g;

/** The terms of the two things a folded question compares, when its wording shows them; undefined otherwise. */
function comparedSides(folded: string): string[][] | undefined {
  const m = BETWEEN.exec(folded) ?? VERSUS.exec(folded);
  if (!m) return undefined;
  const sides = [terms(m[1]), terms(m[2])].map((ts) => ts.filter((t) => t !== COMPARE));
  return sides.every((ts) => ts.length) ? sides : undefined;
}

/** A word on each side of "or"/"ou" curated in at most this many entries names a precise thing (a tool, a service) to compare. */
const ALTERNATIVE_MAX_DF = 15;
/** The term every comparison wording maps to (text.ts: vs, versus, difference between, choisir...). */
const COMPARE = terms('versus')[0];

/** Tools a question may name, each with its other names: "docker logs" wants the Docker entry, not the Kubernetes one. */
const TOOL_FAMILIES: string[][] = [['docker'], ['kubectl', 'kubernetes', 'pod'], ['gitlab'], ['github'], ['jenkins'], ['terraform'], ['ansible', 'playbook'], ['helm'], ['podman'], ['git'], ['mysql', 'mariadb'], ['postgres', 'postgresql', 'psql'], ['redis'], ['mongodb', 'mongo'], ['prometheus', 'promql']].map((family) =>
  [...new Set(family.flatMap((w) => terms(w)))],
);

/**
 * Tools that do other tools' work (Ansible installs nginx, Terraform creates the VPC) or that answer with their own
 * machinery (a PromQL alert, a git revert): their entries answer a question that does not name them only as a last resort.
 */
const WRAPPERS: string[][] = [['ansible', 'playbook'], ['terraform'], ['helm'], ['prometheus', 'promql', 'grafana', 'alertmanager'], ['git']].map((family) => [...new Set(family.flatMap((w) => terms(w)))]);
/** Container platforms and the words that bring them up in a question (see KnowledgeIndex.foreignPlatform). */
const PLATFORMS: string[][] = [
  ['docker', 'container', 'compose', 'image', 'dockerfile', 'podman'],
  ['kubernetes', 'kubectl', 'pod', 'container', 'helm', 'k8sdeployment', 'node', 'cluster', 'namespace'],
].map((family) => [...new Set(family.flatMap((w) => terms(w)))]);
/** The wrapper whose whole domain is doing other tools' work (an Ansible entry installs nginx with a playbook). */
const WRAPPER_DOMAIN = terms('ansible')[0];
/** An entry whose title does the task through a wrapper the question does not name ranks this much lower. */
const WRAPPER_FACTOR = 0.85;

/**
 * Products that do the same job, each with the words that name it: when a question names one, an entry about a rival
 * (the AWS scheduler to an Azure question, a PostgreSQL entry to a MySQL one) answers another question.
 */
const RIVALS: string[][][] = [
  [['aws', 'amazon'], ['azure'], ['gcp', 'gcloud', 'google cloud']],
  [['postgres', 'postgresql', 'psql'], ['mysql', 'mariadb'], ['mongodb', 'mongo'], ['redis']],
  [['nginx'], ['apache', 'httpd'], ['haproxy'], ['traefik'], ['caddy']],
].map((group) => group.map((product) => [...new Set(product.flatMap((w) => terms(w)))]));
/** An entry about a rival of the product the question names ranks this much lower. */
const RIVAL_FACTOR = 0.5;

/** Domains whose entries answer for that platform only (an RDS, EKS or Artifact Registry answer). */
const PLATFORM_DOMAINS = new Set(['aws', 'gcp', 'azure', 'openstack', 'proxmox', 'kubernetes']);
/** A question word brings a domain up when at least this share of the entries having it (any field) belong to that domain ("rds", "pvc"). */
const DOMAIN_MARK = 0.4;

/** Several entries at least this close to the best score make the question ambiguous. */
const TIE_RATIO = 0.95;
/** A lone word curated in at least this many entries is a domain, not a topic ("docker", "kubernetes"). */
const BROAD_CURATED = 8;
/** From this many tied entries on, the question is too broad to pick one ("docker", "aws"). */
const BROAD_TIES = 3;
/** A tie that broad divides the confidence by this much (below the threshold even for a fully covered word). */
const BROAD_FACTOR = 0.3;
/** Questions of at most this many known words are "short": each of their words names the topic. */
const SHORT_QUESTION = 3;
/** From this many words of its own (typo guesses included) a question is long: a near tie of many entries does not make it broad. */
const LONG_QUESTION = 5;
/** A short question with a known word absent from the entry (tuned on the query set and simulated gaps, see test/services/knowledge). */
const SHORT_MISSING_FACTOR = 0.5;
/** A short question covered only by separate phrasings of the entry (no phrasing holds two of its words). */
const PATCHWORK_FACTOR = 0.35;
/** A question word in an entry's title, curated in at most this many entries, keeps a short question from being a patchwork match. */
const PATCHWORK_TITLE_MAX_DF = 10;
/** A known word missing from the entry weighs at least this share of the rarest word's weight. */
const MISSING_FLOOR = 0.4;
/**
 * An entry with a curated phrasing made of exactly the question's words ("docker images", "terraform plan")
 * gets this score boost: a command typed as a question names that entry, not the many that mention both words.
 */
const EXACT_PHRASING_BOOST = 1.25;

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

/** An entry's curated phrasings: its two titles, each question, then each keyword (the order of linesOf). */
export function phrasingTexts(e: KnowledgeEntry): string[] {
  return [e.title.en, e.title.fr, ...e.questions.en, ...e.questions.fr, ...e.keywords.en, ...e.keywords.fr];
}

export interface SearchOptions {
  /** How much words unknown to the base count against the match (see search()). */
  unknownWeight?: number;
  /** The text whose words make the confidence (default: the query). */
  confidenceFrom?: string;
  /** Skip the checks made for a person's short question (machine-made text, see search()). */
  lenient?: boolean;
  /** Words of an earlier question a follow-up refers to, counted at `share` of their weight. */
  carry?: { text: string; share: number };
}

/** A searchable index over a set of entries (build once after load; searching is allocation-light). */
export class KnowledgeIndex {
  private readonly docs: Doc[];
  private readonly df: ReadonlyMap<string, number>;
  /** In how many entries a term is curated (title, questions, keywords, id): how specific it is as a topic. */
  private readonly curatedDf: ReadonlyMap<string, number>;
  private readonly avgLen = {} as Record<Field, number>;
  private readonly fuzzyCache = new Map<string, string | null>();
  private readonly maxIdf: number;
  /** The entries (by index, ascending) that have each term in any field. */
  private readonly postings = new Map<string, number[]>();
  private readonly saved?: SavedIndex;

  /** Indexes the entries, or serves the index `saved` in the on-disk cache for them (see SavedIndex). */
  constructor(entries: KnowledgeEntry[], saved?: SavedIndex) {
    if (saved) {
      this.saved = saved;
      this.docs = entries.map((entry, i) => ({ entry, index: i, ...saved.doc(i) }));
      this.df = saved.df;
      this.curatedDf = saved.curatedDf;
      Object.assign(this.avgLen, saved.avgLen);
      this.maxIdf = this.idfOf(0);
      return;
    }
    const df = new Map<string, number>();
    const curatedDf = new Map<string, number>();
    this.df = df;
    this.curatedDf = curatedDf;
    this.docs = entries.map((entry, i) => {
      const tf = {} as Record<Field, Map<string, number>>;
      const len = {} as Doc['len'];
      const vocab = new Set<string>();
      for (const field of FIELDS) {
        const map = new Map<string, number>();
        const ts = terms(fieldText(entry, field));
        for (const t of ts) map.set(t, (map.get(t) ?? 0) + 1);
        len[field] = ts.length;
        tf[field] = map;
        for (const t of map.keys()) vocab.add(t);
      }
      for (const t of vocab) {
        df.set(t, (df.get(t) ?? 0) + 1);
        const docs = this.postings.get(t);
        if (docs) docs.push(i);
        else this.postings.set(t, [i]);
      }
      for (const t of new Set([...tf.title.keys(), ...tf.questions.keys(), ...tf.keywords.keys(), ...tf.id.keys()])) curatedDf.set(t, (curatedDf.get(t) ?? 0) + 1);
      return { entry, index: i, tf, len, vocab };
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
    return this.docs.map((d) => ({ ...(Object.fromEntries(FIELDS.map((f) => [f, { tf: [...d.tf[f]], len: d.len[f] }])) as Record<Field, { tf: Array<[string, number]>; len: number }>), phrasings: { lines: this.linesOf(d).map((ts) => [...ts]), questions: this.questionLines(d) } }));
  }

  /** What the index computed over all entries (stored in the on-disk cache beside exportTerms). */
  exportStats(): IndexStats {
    return { postings: [...this.df.keys()].map((t) => [t, [...this.docsWith(t)]]), curated: [...this.curatedDf], avgLen: { ...this.avgLen } };
  }

  /** Marks the entries that have at least one of the terms (the only ones that can score above 0). */
  private candidates(queryTerms: string[]): Uint8Array {
    const marked = new Uint8Array(this.docs.length);
    for (const t of queryTerms) for (const i of this.docsWith(t)) marked[i] = 1;
    return marked;
  }

  /** The entries (ascending) having a term. */
  private docsWith(t: string): Iterable<number> {
    return (this.saved ? this.saved.postings(t) : this.postings.get(t)) ?? [];
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

  /** The term sets of an entry's curated phrasings: the two titles, each question, then each keyword (in that order). */
  private linesOf(doc: Doc): Array<Set<string>> {
    if (!doc.lines && this.saved) doc.lines = this.saved.lines(doc.index).map((ts) => new Set(ts));
    if (!doc.lines) {
      doc.lines = phrasingTexts(doc.entry).map((t) => new Set(terms(t)));
    }
    return doc.lines;
  }

  /**
   * Reorders the best-scored entries by how close their meaning is to the question's (semantic.ts): between entries that
   * share about as many words with the question, the one whose phrasings are about the same thing leads.
   */
  private weighMeaning(scored: Array<{ doc: Doc; score: number }>, weights: ReadonlyArray<readonly [string, number]>, own: string[], foreign: (doc: Doc) => boolean): void {
    if (scored.length < 2) return;
    const space = SemanticSpace.open();
    const question = space?.embed(weights);
    if (!space || !question) return;
    const leader = scored[0].doc;
    // A leader holding no word of the question in its curated fields: the question is about nothing the base knows.
    if (!own.some((t) => this.curated(leader, t))) return;
    const unit = SEMANTIC_WEIGHT * scored[0].score;
    const head = scored.slice(0, SEMANTIC_DEPTH).map((hit) => {
      if (hit.doc.meaning === undefined) hit.doc.meaning = space.meaningOf(hit.doc.entry.id, phrasingHash(phrasingTexts(hit.doc.entry)), () => this.linesOf(hit.doc)) ?? null;
      return { hit, rank: hit.score + (hit.doc.meaning ? unit * similarity(question, hit.doc.meaning) : 0) };
    });
    head.sort((a, b) => b.rank - a.rank);
    // Who may pass the leader, checked only for the few entries that would (the checks read many entries' fields).
    // A rare word of the question that names the leader in its title (pvc, cloudwatch) outweighs any closeness of meaning...
    const specific = own.filter((t) => (this.curatedDf.get(t) ?? Infinity) <= ANCHOR_MAX_DF && (leader.tf.title.has(t) || leader.tf.id.has(t)));
    // ...an entry holding fewer of the question's words together in one phrasing than the leader ("exec format error" in
    // a keyword) is further from what the question combines, however close its words are on average...
    const together = (doc: Doc) => Math.max(0, ...this.linesOf(doc).map((line) => own.filter((t) => line.has(t)).length));
    let need: number | undefined;
    const mayLead = (doc: Doc) => doc === leader || (specific.every((t) => this.curated(doc, t)) && together(doc) >= (need ??= together(leader)) && !foreign(doc));
    // ...and meaning does not lift an entry for a platform the question never brings up (an ALB answer to "502 since the release").
    const first = head.findIndex((h) => mayLead(h.hit.doc));
    const [lead] = head.splice(first, 1);
    // Only the order changes: the scores stay those of the words, so a rival scoring above the new leader tells the
    // assistant that the lead is thin (a best guess), as a close word score does.
    scored.splice(0, head.length + 1, lead.hit, ...head.map((h) => h.hit));
  }

  /** How many of an entry's phrasings (linesOf) are its questions (they follow its two titles). */
  private questionLines(doc: Doc): number {
    return this.saved ? this.saved.questionLines(doc.index) : doc.entry.questions.en.length + doc.entry.questions.fr.length;
  }

  /** Whether some entry has the term in its curated fields: a word that names a topic of the base. */
  private topical(t: string): boolean {
    return (this.curatedDf.get(t) ?? 0) > 0;
  }

  /**
   * What a known query word weighs in the question: its IDF when it names a topic of the base; a word met only
   * in explanations and commands ("min", "boucle") names none and weighs like an ordinary unknown word.
   */
  private weightAsked(t: string, unknownWeight?: number): number {
    // A bare number ("22", "443", "5 min") is a value, not a topic, even when some entry mentions it.
    if (VALUE.test(t)) return 0;
    if (this.topical(t)) return this.idf(t);
    return Math.min(this.idf(t), (unknownWeight ?? PLAIN_UNKNOWN_WEIGHT) * this.maxIdf);
  }

  /** The term sets of an entry's two titles (what the entry is about, in a few words). */
  private titlesOf(doc: Doc): Array<Set<string>> {
    if (!doc.titles) {
      if (doc.lines) doc.titles = doc.lines.slice(0, 2);
      else if (this.saved) doc.titles = this.saved.lines(doc.index, 2).map((ts) => new Set(ts));
      else doc.titles = [new Set(terms(doc.entry.title.en)), new Set(terms(doc.entry.title.fr))];
    }
    return doc.titles;
  }

  /**
   * How much of an entry's title is about the question's words (0-1, by weight), when one of its titles
   * holds them all; 0 otherwise. "Write and use Terraform modules" is more about "terraform modules" than
   * "Deploy an AWS VPC with Terraform (terraform-aws-modules/vpc)".
   */
  private titleFocus(doc: Doc, ts: string[]): number {
    let best = 0;
    for (const title of this.titlesOf(doc)) {
      if (!ts.length || !ts.every((t) => title.has(t))) continue;
      const total = [...title].reduce((sum, t) => sum + this.idf(t), 0);
      const mine = ts.reduce((sum, t) => sum + this.idf(t), 0);
      if (total > 0) best = Math.max(best, mine / total);
    }
    return best;
  }

  /** The terms of an entry's domain ("docker", "kubernetes"...). */
  private domainOf(doc: Doc): string[] {
    doc.domain ??= terms(doc.entry.domain);
    return doc.domain;
  }

  /**
   * Whether the entry belongs to a container platform (Docker, Kubernetes) the question does not bring up at all: "which
   * process eats the CPU" asks about the host, so a container entry whose title happens to hold its words does not lead.
   */
  private foreignPlatform(doc: Doc, queryTerms: string[]): boolean {
    const domain = this.domainOf(doc);
    return PLATFORMS.some((family) => family.some((t) => domain.includes(t)) && !family.some((t) => queryTerms.includes(t)));
  }

  /** Whether the entry does its task through a tool: its title names it, or it belongs to that tool's domain. */
  private wraps(doc: Doc, t: string): boolean {
    // Asked of every entry a search ranks, for each wrapper's words: remembered per entry and word.
    doc.wrapping ??= new Map();
    let wraps = doc.wrapping.get(t);
    if (wraps === undefined) {
      wraps = this.titlesOf(doc).some((title) => title.has(t)) || (t === WRAPPER_DOMAIN && this.domainOf(doc).includes(t));
      doc.wrapping.set(t, wraps);
    }
    return wraps;
  }

  /** Whether the entry has the term in its title, keywords or id, or its domain is that term (docker, kubernetes...). */
  private names(doc: Doc, t: string): boolean {
    return doc.tf.title.has(t) || doc.tf.keywords.has(t) || doc.tf.id.has(t) || this.domainOf(doc).includes(t);
  }

  /**
   * Whether the question sets two named things side by side with "or"/"ou" ("postgres ou mysql", "alb or nlb"): each
   * side one word naming a precise topic of the base (curated in a few entries) or a name it does not know, the two different.
   */
  private namesAlternatives(folded: string): boolean {
    for (const m of folded.matchAll(ALTERNATIVES)) {
      const [a, b] = [terms(m[1]), terms(m[2])];
      // One side may be a name the base does not know ("redis ou memcached"), not both ("tomatoes or potatoes").
      const df = (ts: string[]) => (ts.length === 1 ? (this.curatedDf.get(ts[0]) ?? 0) : Infinity);
      const [da, db] = [df(a), df(b)];
      if (a[0] !== b[0] && da <= ALTERNATIVE_MAX_DF && db <= ALTERNATIVE_MAX_DF && da + db >= 1) return true;
    }
    return false;
  }

  /** The everyday wordings of a folded question (lexicon.ts): the question's words in each, and the known technical words they stand for. */
  private everyday(folded: string): Array<{ triggers: string[]; span: string[]; means: string[] }> {
    const out: Array<{ triggers: string[]; span: string[]; means: string[] }> = [];
    for (const { matched, span, means } of everydayMeanings(folded)) {
      // The words of the wording itself ("drifting" in "the clocks on our vms are drifting"), and all the words the rule read.
      const words = [...new Set(terms(means))].filter((t) => this.topical(t));
      if (words.length) out.push({ triggers: terms(matched), span: terms(span), means: words });
    }
    return out;
  }

  /** Whether the entry belongs to a platform domain (PLATFORM_DOMAINS) that none of the words brings up (see DOMAIN_MARK). */
  private foreignDomain(doc: Doc, words: string[]): boolean {
    const domain = doc.entry.domain;
    if (!PLATFORM_DOMAINS.has(domain)) return false;
    const own = terms(domain);
    return !words.some((t) => {
      if (own.includes(t)) return true;
      const docs = [...this.docsWith(t)];
      return docs.length > 0 && docs.filter((i) => this.docs[i].entry.domain === domain).length >= DOMAIN_MARK * docs.length;
    });
  }

  /** Whether a term is in one of the entry's curated fields (what a match on the topic means). */
  private curated(doc: Doc, t: string): boolean {
    return doc.tf.title.has(t) || doc.tf.questions.has(t) || doc.tf.keywords.has(t) || doc.tf.id.has(t);
  }

  /**
   * The field-weighted frequency of a term in an entry (its BM25F sum over fields, which depends on the entry
   * alone), remembered per entry once computed: a later search asking the same word costs one map lookup
   * instead of one per field. The same sum in the same order, so the same score to the last bit.
   */
  private weightedTf(doc: Doc, t: string): number {
    doc.wtf ??= new Map();
    let wtf = doc.wtf.get(t);
    if (wtf === undefined) {
      wtf = 0;
      for (const field of FIELDS) {
        const f = doc.tf[field].get(t);
        if (!f) continue;
        wtf += (FIELD_WEIGHTS[field] * f) / (1 - FIELD_B[field] + (FIELD_B[field] * doc.len[field]) / this.avgLen[field]);
      }
      doc.wtf.set(t, wtf);
    }
    return wtf;
  }

  private scoreDoc(doc: Doc, queryTerms: string[], share: (t: string) => number): number {
    let score = 0;
    for (const t of queryTerms) {
      // Most entries lack most words: one set lookup says so (the fields would all say 0).
      if (!doc.vocab.has(t)) continue;
      const wtf = this.weightedTf(doc, t);
      if (wtf > 0) score += share(t) * this.idf(t) * ((wtf * (K1 + 1)) / (wtf + K1));
    }
    return score;
  }

  /**
   * Ranks entries for a question; `limit` hits, best first, with a confidence for the first.
   * `unknownWeight` overrides how much words unknown to the base count against the match
   * (0 for machine-made context such as a finding's evidence, full of numbers and host names).
   * `lenient` skips the checks made for a person's short question (every word names the topic), which
   * do not hold for machine-made text such as a finding title filled with values.
   */
  search(query: string, limit = 5, opts: SearchOptions = {}): SearchResult {
    // Lowercase, accents removed: what the wording patterns (comparisons, everyday symptoms, product names) read.
    const folded = fold(query);
    // Words that look like key terms (AccessDenied, --cpu-percent, ERR_REQUIRE_ESM) weigh fully even when unknown.
    const keys = keyTerms(query);
    const unknownWeightOf = (t: string) => opts.unknownWeight ?? (keys.has(t) ? UNKNOWN_WEIGHT : PLAIN_UNKNOWN_WEIGHT);
    const raw = [...new Set(terms(query))];
    // The words whose coverage makes the confidence (by default the query itself).
    const judged = opts.confidenceFrom === undefined ? undefined : new Set(terms(opts.confidenceFrom).map((t) => this.correct(t) ?? t));
    const known: string[] = [];
    const guessed = new Set<string>();
    // Weight of every query word: an unknown word that looks like a key term weighs as much as the rarest known
    // word (the question names something precise the base lacks), ordinary filler much less, so "pvc stuck
    // Pending forever" is still about PVCs while "bake a chocolate cake" stays mostly uncovered.
    let totalWeight = 0;
    // Everyday wording of a symptom ("clocks are drifting", "takes ages", "keeps rebooting"): its words are explained by
    // the technical words it stands for (below); unknown ones still weigh as unknown, but are not read as typos of another word.
    const everyday = opts.lenient ? [] : this.everyday(folded);
    const explained = new Set(everyday.flatMap((u) => u.triggers));
    for (const t of raw) {
      const c = this.correct(t);
      if (explained.has(t) && c !== t) {
        if (!judged) totalWeight += unknownWeightOf(t) * this.maxIdf;
        continue;
      }
      const counts = !judged || judged.has(c ?? t);
      if (c) {
        known.push(c);
        if (c !== t) guessed.add(c);
        if (counts) totalWeight += this.weightAsked(c, opts.unknownWeight);
      } else if (counts && !VALUE.test(t)) totalWeight += unknownWeightOf(t) * this.maxIdf; // an unknown value ("96%", "8gb") names no topic
    }
    // "postgres ou mysql pour un nouveau projet", "ecs or eks?": two named things joined by or/ou are a comparison too.
    if (!opts.lenient && !known.includes(COMPARE) && this.namesAlternatives(folded)) {
      known.push(COMPARE);
      if (!judged || judged.has(COMPARE)) totalWeight += this.weightAsked(COMPARE, opts.unknownWeight);
    }
    // Words carried from the previous question of a follow-up ("and how do I delete it?") rank and count at their share.
    const carried = new Map<string, number>();
    if (opts.carry && opts.carry.share > 0) {
      for (const t of new Set(terms(opts.carry.text))) {
        const c = this.correct(t);
        if (c && c === t && !known.includes(c) && !carried.has(c)) {
          carried.set(c, opts.carry.share);
          totalWeight += opts.carry.share * this.idf(c);
        }
      }
    }
    const expanded = new Map<string, number>();
    for (const unit of everyday) {
      if (!judged) totalWeight += EVERYDAY_UNIT * this.maxIdf;
      // One wording is one idea however many words say it: they share its weight.
      for (const t of unit.means) if (!known.includes(t) && !carried.has(t)) expanded.set(t, Math.max(expanded.get(t) ?? 0, EVERYDAY_SHARE / unit.means.length));
    }
    const share = (t: string) => carried.get(t) ?? expanded.get(t) ?? 1;
    const queryTerms = [...new Set([...known, ...carried.keys()])];
    // What ranks: the question's words, and at their share the technical words of its everyday wording.
    const rankTerms = expanded.size ? [...queryTerms, ...[...expanded.keys()].filter((t) => !queryTerms.includes(t))] : queryTerms;
    const scored: Array<{ doc: Doc; score: number }> = [];
    // In a follow-up the new words lead (an entry must have them, curated, to rank) and the carried topic
    // decides between the entries that do: "delete it" after an S3 question is deleting a bucket.
    const ownKnown = known.filter((t) => !guessed.has(t));
    const carriedTerms = [...carried.keys()];
    const curatedShare = (doc: Doc, ts: string[]) => {
      const total = ts.reduce((sum, t) => sum + this.idf(t), 0);
      return total > 0 ? ts.reduce((sum, t) => sum + (this.curated(doc, t) ? this.idf(t) : 0), 0) / total : 1;
    };
    // A single word counts only as a whole curated question ("top", "swap"): a keyword such as "docker"
    // alone in many entries must keep "docker" a broad question.
    const exact = !opts.lenient && !carried.size && !guessed.size && known.length >= 1 ? new Set(known) : undefined;
    const phrasings = (doc: Doc) => (known.length >= 2 ? this.linesOf(doc) : this.linesOf(doc).slice(2, 2 + this.questionLines(doc)));
    // The tools the question names (its own words or the topic it follows up on): an entry about another tool is a worse answer.
    const tools = opts.lenient ? [] : TOOL_FAMILIES.filter((family) => family.some((t) => queryTerms.includes(t)));
    // For each group of rivals the question names one of: the words of those it names, and of the others.
    const rivals = (opts.lenient ? [] : RIVALS).flatMap((group) => {
      const named = group.filter((product) => product.some((t) => queryTerms.includes(t)));
      return named.length ? [[named.flat(), group.filter((p) => !named.includes(p)).flat()]] : [];
    });
    let exactHit = false;
    const candidate = this.candidates(rankTerms);
    for (const doc of this.docs) {
      // An entry with none of the words scores 0 and every factor below multiplies: skip it.
      if (!candidate[doc.index]) continue;
      let score = this.scoreDoc(doc, rankTerms, share);
      if (score === 0) continue;
      if (carried.size && score > 0) score *= (0.2 + 0.8 * curatedShare(doc, ownKnown)) * (0.5 + 0.5 * curatedShare(doc, carriedTerms));
      if (exact && score > 0 && known.every((t) => this.curated(doc, t)) && phrasings(doc).some((line) => line.size === exact.size && [...exact].every((t) => line.has(t)))) {
        score *= EXACT_PHRASING_BOOST;
        exactHit = true;
      }
      for (const family of tools) if (!family.some((t) => this.names(doc, t))) score *= TOOL_MISS_FACTOR;
      for (const [named, others] of rivals) if (!named.some((t) => this.names(doc, t)) && others.some((t) => this.names(doc, t))) score *= RIVAL_FACTOR;
      // An entry of another tool's domain, when the question names a tool but not that one ("secrets in gitlab ci" is not the Docker entry).
      if (tools.length && TOOL_FAMILIES.some((family) => !tools.includes(family) && family.some((t) => this.domainOf(doc).includes(t)))) score *= WRAPPER_FACTOR;
      // An entry doing the task through a tool the question does not name ("open port 443 ufw" -> not "with Ansible").
      for (const family of WRAPPERS) if (!family.some((t) => queryTerms.includes(t)) && family.some((t) => this.wraps(doc, t))) score *= WRAPPER_FACTOR;
      if (score > 0) scored.push({ doc, score });
    }
    scored.sort((a, b) => b.score - a.score);
    // Ties are between word scores: meaning reorders the entries, it does not make a broad question narrow.
    let tied = scored.length ? scored.filter((h) => h.score >= scored[0].score * TIE_RATIO).length : 0;
    // The entries tied by words, in word order: the clear-leader rule below chooses among them whatever meaning reorders.
    const tiedHits = scored.slice(0, tied);
    // A question that is word for word one of an entry's phrasings is that entry, whatever is near it in meaning.
    // Nor a short question ("systemctl status nginx", "docker pull"): it names its topic in every word.
    // An entry of a platform domain (AWS, GCP...) that neither the question's words nor a product it names bring up.
    const unasked = (doc: Doc) => this.foreignDomain(doc, queryTerms) && !namesPlatform(doc.entry.domain, folded);
    if (!opts.lenient && !exactHit && ownKnown.length > SHORT_QUESTION) {
      const foreign = (doc: Doc) => this.foreignPlatform(doc, queryTerms) || unasked(doc);
      this.weighMeaning(scored, queryTerms.map((t) => [t, share(t)] as const), ownKnown, foreign);
    }
    // A lone word that many entries are about ("docker", "kubernetes") names a whole domain, not one topic -
    // unless an entry has it as a whole curated question ("top", "swap").
    if (!opts.lenient && !carried.size && ownKnown.length === 1 && known.length === 1 && (this.curatedDf.get(ownKnown[0]) ?? 0) >= BROAD_CURATED && !exactHit) tied = Math.max(tied, BROAD_TIES);
    // A clear leader among tied entries: the one whose title is about the question's words ("terraform modules"
    // -> "Write and use Terraform modules") is answered instead of "which one?". A one-word question stays broad,
    // unless it follows up on a topic ("and their logs?" after a question about pods).
    if (tied >= 2 && !opts.lenient && (ownKnown.length >= 2 || (ownKnown.length >= 1 && carried.size > 0))) {
      // The question's topic words that some tied entry has: a word none of them has cannot tell them apart.
      const topicWords = ownKnown.filter((t) => this.topical(t) && !/^\d+$/.test(t) && tiedHits.some((h) => this.curated(h.doc, t)));
      // Only an entry covering as much of the question as the best-scored one may lead.
      const reach = (doc: Doc) => ownKnown.reduce((sum, t) => sum + (this.curated(doc, t) ? this.idf(t) : 0), 0);
      const floor = reach(tiedHits[0].doc) - 1e-9;
      // In a follow-up, only an entry as much about the earlier topic as the best-scored one may lead ("and how do I
      // delete it?" after an S3 question: deleting the bucket, not "Destroy Terraform infrastructure").
      const topicFloor = carried.size ? curatedShare(tiedHits[0].doc, carriedTerms) - 1e-9 : 0;
      const keepsTopic = (doc: Doc) => !carried.size || curatedShare(doc, carriedTerms) >= topicFloor;
      // The tied entries whose title holds every topic word of the question, most focused first.
      const holders = tiedHits
        .map((h, i) => ({ i, f: reach(h.doc) >= floor && keepsTopic(h.doc) && !this.foreignPlatform(h.doc, queryTerms) ? this.titleFocus(h.doc, topicWords) : 0 }))
        .filter((h) => h.f > 0)
        .sort((a, b) => b.f - a.f);
      // One such title leads; of two, the one clearly more about those words; three or more are a real choice ("docker images").
      const first = holders[0];
      const leads = holders.length === 1 || (holders.length === 2 && first.f >= LEADER_FOCUS_RATIO * holders[1].f);
      if (first && leads) {
        const [lead] = scored.splice(scored.indexOf(tiedHits[first.i]), 1);
        scored.unshift(lead);
        tied = 1;
      }
    }
    // What each judged word weighs when covered (a typo guess counts for less than a real match).
    const judgedTerms = queryTerms.filter((t) => !judged || judged.has(t));
    const weightOf = (t: string) => share(t) * this.weightAsked(t, opts.unknownWeight) * (guessed.has(t) && !raw.includes(t) ? CORRECTED_SHARE : 1);
    // How much of what an everyday wording stands for an entry has (by weight), when the entry also has a word of the question
    // besides that wording: the lexicon supports a match on the question's own words, it never makes one alone ("when it freezes").
    const explains = (doc: Doc, unit: { span: string[]; means: string[] }) => {
      if (!known.some((t) => !unit.span.includes(t) && !guessed.has(t) && this.topical(t) && this.curated(doc, t))) return 0;
      const total = unit.means.reduce((sum, t) => sum + this.idf(t), 0);
      return unit.means.reduce((sum, t) => sum + (this.curated(doc, t) ? this.idf(t) : 0), 0) / total;
    };
    const coveredWeight = (doc: Doc) =>
      judgedTerms.reduce((sum, t) => sum + (this.curated(doc, t) ? weightOf(t) : 0), 0) + (judged ? 0 : everyday.reduce((sum, u) => sum + explains(doc, u), 0) * EVERYDAY_UNIT * this.maxIdf);
    const top = scored.slice(0, limit);
    const hits: SearchHit[] = top.map(({ doc, score }) => ({ entry: doc.entry, score, coverage: totalWeight > 0 ? Math.round((1000 * coveredWeight(doc)) / totalWeight) / 1000 : 0 }));
    let confidence = 0;
    let anchored = false;
    let complete = false;
    let titled = 0;
    let titledDf = Infinity;
    let comparedInTitle = 0;
    let sideBySide = false;
    let together = 0;
    let held = 0;
    let namesTools = false;
    let missingWords = 0;
    let foreignDomain = false;
    // A word read as a typo of a known one is a guess: in a question about something else, its own words get "corrected" too ("recipe").
    const unknownWords = raw.filter((t) => !VALUE.test(t) && !explained.has(t) && this.correct(t) !== t).length;
    const foreign = unknownWords + known.filter((t) => !guessed.has(t) && !explained.has(t) && !VALUE.test(t) && !this.topical(t)).length;
    if (scored.length && totalWeight > 0) {
      const best = scored[0].doc;
      // Only words that matter in the top entry (its curated fields) count as covered.
      const covered = coveredWeight(best);
      // The checks below are about the words of this question; carried words only help.
      const own = judgedTerms.filter((t) => !carried.has(t));
      // Words that name no topic anywhere in the base (only met in explanations and commands) are not "missing".
      // A word of an everyday wording is not missing from an entry that has what it stands for ("drifting" -> the time sync entry).
      const excused = new Set(everyday.filter((u) => explains(best, u) > 0).flatMap((u) => u.triggers));
      const missing = own.filter((t) => !guessed.has(t) && !VALUE.test(t) && this.topical(t) && !this.curated(best, t) && !excused.has(t));
      const inTitle = opts.lenient ? [] : own.filter((t) => !guessed.has(t) && (best.tf.title.has(t) || best.tf.id.has(t)));
      titled = inTitle.length;
      titledDf = Math.min(Infinity, ...inTitle.map((t) => this.curatedDf.get(t) ?? 0));
      // A rare key term of the question in the entry's title names its topic (hpa, pvc, force-unlock).
      anchored = titledDf <= ANCHOR_MAX_DF;
      // The two things compared, when the wording shows them ("X vs Y", "X ou Y", "entre X et Y"): the title must name
      // one word of each side ("nginx vs apache for a small site" is not answered by "Apache virtual hosts: several sites").
      const sides = comparedSides(folded);
      sideBySide = !!sides;
      const inTitleOrId = (t: string) => best.tf.title.has(t) || best.tf.id.has(t);
      comparedInTitle = sides ? sides.filter((side) => side.some(inTitleOrId)).length : inTitle.filter((t) => t !== COMPARE).length;
      // A word the base knows but this entry lacks weighs at least MISSING_FLOOR of the rarest word: a common
      // word such as "aws" or "ip" still says the entry is about something else when it is absent.
      const missingExtra = opts.lenient ? 0 : missing.reduce((sum, t) => sum + Math.max(0, MISSING_FLOOR * this.maxIdf - this.idf(t)), 0);
      confidence = covered / (totalWeight + missingExtra);
      // A short question names its topic in every word: one of them missing means another topic
      // ("what's my public ip" is not "create a VPC with public subnets").
      const short = !opts.lenient && own.length <= SHORT_QUESTION;
      if (short && missing.length) confidence *= SHORT_MISSING_FACTOR;
      // A short question whose words the entry only has in separate phrasings is a patchwork match:
      // "install kubectl" is not "install metrics-server" plus "kubectl top" - unless one word is a rare key
      // term of the entry ("hpa kubernetes" is the HPA entry, whichever of its lines says kubernetes).
      const coveredTerms = own.filter((t) => this.curated(best, t));
      // A fairly rare word of the question in the entry's title also holds the words together ("open 443 in ufw": the ufw entry).
      const patchwork = short && titledDf > PATCHWORK_TITLE_MAX_DF && coveredTerms.length >= 2 && !this.linesOf(best).some((line) => coveredTerms.filter((t) => line.has(t)).length >= 2);
      if (patchwork) confidence *= PATCHWORK_FACTOR;
      complete = !patchwork && !missing.length;
      const typed = coveredTerms.filter((t) => !guessed.has(t));
      held = typed.length;
      missingWords = missing.length;
      foreignDomain = !opts.lenient && unasked(best);
      namesTools = tools.every((family) => family.some((t) => this.names(best, t)));
      together = typed.length ? Math.max(...this.linesOf(best).map((line) => typed.filter((t) => line.has(t)).length)) : 0;
      // A long question is not broad however many entries score close to the best one: its words name a topic, and
      // a near tie there is ordinary ambiguity (two entries) rather than "which of these?" (a one-word question).
      if (tied >= BROAD_TIES && own.length >= LONG_QUESTION) tied = 2;
      // Ties: two entries -> slightly ambiguous; many -> the question is too broad to pick one ("docker").
      if (tied >= BROAD_TIES && !opts.lenient) confidence *= BROAD_FACTOR;
      else if (tied >= 2) confidence *= 0.9;
    }
    const comparison = !opts.lenient && known.includes(COMPARE);
    return { hits, confidence: Math.round(confidence * 1000) / 1000, tied, terms: queryTerms, anchored, complete, titled, titledDf, comparison, comparedInTitle, sideBySide, together, held, missingWords, namesTools, foreignDomain, words: raw.filter((t) => !VALUE.test(t)).length, unknownWords, foreign };
  }
}
