/**
 * The offline engine: retrieval over the knowledge base. It answers with the best entry when the
 * question is well covered, and otherwise says honestly that it does not know, offering the closest topics.
 */
import type { Lang } from '../../core/i18n.js';
import { CONFIDENCE_THRESHOLD, openKnowledge, terms, type Knowledge, type KnowledgeEntry, type SearchHit, type SearchResult } from '../knowledge/index.js';
import { questionLang } from './language.js';
import { errorLines, pasteTools, salientText } from './paste.js';
import { chunks, followUpTopic, lastUserMessage } from './conversation.js';
import type { Answer, AskRequest, Engine, EngineEvent } from './types.js';

// Keyed by the request's language (which may differ from the process language, e.g. a French chat).
const MESSAGES = {
  en: {
    searching: 'Searching the knowledge base ({count} entries)...',
    unknown: "I don't know this one: nothing in my knowledge base matches your question well enough, and I would rather not guess.",
    closest: 'Closest topics I do know (run one to read it):',
    broad: 'Your question matches several topics equally well. Which one do you mean?',
    narrow: 'Run one of these, or ask again with what you want to do (install, debug, secure, delete...).',
    rephrase: 'Try naming the tool or service (aws, kubectl, terraform, docker, ansible, systemctl...).',
    model: 'For open questions, point Cloudya at any OpenAI-compatible server (OpenAI, Ollama at `http://localhost:11434/v1`, vLLM, LM Studio) with three settings:',
    guess: '**Best guess - is this it?** (confidence {confidence}: your question is only partly covered)',
    guessOthers: 'If not, the closest other topics:',
    empty: 'The knowledge base is empty (no entries could be loaded).',
    emptyQuestion: 'Ask me a DevOps question, for example: "create a secure S3 bucket".',
  },
  fr: {
    searching: 'Recherche dans la base de connaissances ({count} entrées)...',
    unknown: 'Je ne connais pas celle-ci : rien dans ma base de connaissances ne correspond assez bien à votre question, et je préfère ne pas deviner.',
    closest: 'Les sujets les plus proches que je connais (lancez-en un pour le lire) :',
    broad: 'Votre question correspond aussi bien à plusieurs sujets. Lequel voulez-vous dire ?',
    narrow: 'Lancez un de ceux-ci, ou reformulez avec ce que vous voulez faire (installer, déboguer, sécuriser, supprimer...).',
    rephrase: "Essayez de nommer l'outil ou le service (aws, kubectl, terraform, docker, ansible, systemctl...).",
    model: "Pour les questions ouvertes, branchez Cloudya sur n'importe quel serveur compatible OpenAI (OpenAI, Ollama sur `http://localhost:11434/v1`, vLLM, LM Studio) avec trois réglages :",
    guess: "**Meilleure supposition - est-ce bien cela ?** (confiance {confidence} : votre question n'est couverte qu'en partie)",
    guessOthers: 'Sinon, les autres sujets les plus proches :',
    empty: "La base de connaissances est vide (aucune entrée n'a pu être chargée).",
    emptyQuestion: 'Posez-moi une question DevOps, par exemple : « créer un bucket S3 sécurisé ».',
  },
};

function say(lang: Lang, key: keyof (typeof MESSAGES)['en'], params: Record<string, string | number> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (w, k: string) => (params[k] === undefined ? w : String(params[k])));
}

export interface OfflineEngineOptions {
  env?: NodeJS.ProcessEnv;
  /** An already loaded base (tests, benchmarks); otherwise loaded (and cached) on first question. */
  knowledge?: Knowledge;
}

/**
 * A machine-made text without its values: quoted names ("web-01", « nginx »), absolute paths, names
 * mixing digits and separators (web-01, 6.1.0-28, 10.0.0.5) and numbers (counts, sizes, "file:12").
 */
export function withoutValues(text: string): string {
  return text
    .replace(/"[^"]*"|«[^»]*»/g, ' ')
    .replace(/(^|[\s(])\/\S*/g, '$1 ')
    .replace(/[\p{L}\d]*\d[\p{L}\d]*(?:[-.:_][\p{L}\d]+)+|[\p{L}\d]+(?:[-.:_][\p{L}\d]+)*[-.:_][\p{L}]*\d[\p{L}\d]*/gu, ' ')
    .replace(/(^|[^\p{L}\d_])\d[\d.,:]*/gu, '$1 ');
}

/** How many hits a search keeps: enough to list the topics of a broad question. */
const HITS = 12;
/** A topic is offered as "close" only if it covers at least this share of the question (else it is noise: weather -> CronJobs). */
const RELATED_MIN_COVERAGE = 0.3;
/** Topics listed for a broad question ("docker"). */
const BROAD_LIST = 6;
/** Share of their weight the words of the previous question keep in a follow-up ("and how do I delete it?"). */
const CARRY_SHARE = 0.5;
/**
 * A near miss is shown as a best guess ("is this it?") rather than declined: the best entry has every topic word of
 * the question or a rare key term of it in its title (SearchResult.complete / anchored), covers at least this share...
 */
const GUESS_COVERAGE = 0.3;
/** ...with at least this confidence (below, what it covers is too little or too scattered to be worth showing). */
const GUESS_CONFIDENCE = 0.25;
/**
 * A near miss too: the best entry's title holds at least this many words of the question, as typed (not typo guesses):
 * "disk full ... where did the rest go" is the disk entry even when the rest of the sentence lowers the confidence.
 */
const GUESS_TITLED = 2;
/** ...in a question of at least this many known words (a shorter one names its topic in every word: "check disk space" is not Docker's cleanup)... */
const GUESS_TITLED_TERMS = 4;
/** ...one of them specific (curated in at most this many entries: "disk", "sudo", not "run" or "container")... */
const GUESS_TITLED_DF = 12;
/** ...with at least this confidence, no tie, and a lead over the runner-up (its score below this share of the best one's). */
const GUESS_TITLED_CONFIDENCE = 0.15;
const GUESS_TITLED_RATIO = 0.95;
/**
 * A near miss too, for a question told in words of its own (a symptom in everyday words: "clocks are drifting",
 * "takes ages before it asks for the password"): the best entry holds at least this many of the question's words
 * together in one of its curated phrasings - it is about what the question combines, not about one word they share
 * (an off-topic question borrowing a DevOps word, "docker the dock worker", "a ship's helm", shares one)...
 */
const GUESS_TOGETHER = 2;
/** ...the question holds at most this many words the base does not know at all (a question about something else is full of them)... */
const GUESS_TOGETHER_UNKNOWN = 1;
/** ...and at most this many words that name no topic of the base (unknown, or met only in explanations)... */
const GUESS_TOGETHER_FOREIGN = 2;
/** ...a question of at most this many words must have them all in the entry... */
const SHORT_TOGETHER = 3;
/** ...the best entry covers at least this share of the question, with at least this confidence... */
const GUESS_TOGETHER_COVERAGE = 0.25;
const GUESS_TOGETHER_CONFIDENCE = 0.2;
/** ...and leads: the runner-up scores below this share of the best (an exact tie is no guess but a choice). */
const GUESS_TOGETHER_RATIO = 0.99;

/**
 * A declined question is also shown as a best guess when it is plainly about the base's subjects: every word of it is
 * known (an off-topic question is full of unknown words, or of words only met in explanations), at least this many of
 * them name the best entry in its curated fields... Measured on the 14 frozen sets: 9 right answers that were declined
 * (and 16 wrong best guesses), no off-topic question answered.
 */
const GUESS_FAMILIAR_HELD = 3;
/** ...it is longer than this many words (a short question names its topic in every word: "aws s3 ls" without its entry is no guess)... */
const GUESS_FAMILIAR_SHORT = 3;
/** ...at most this many of its words name no topic of the base... */
const GUESS_FAMILIAR_FOREIGN = 1;
/** ...the best entry scores at least this (a strong match on several words, not one common word)... */
const GUESS_FAMILIAR_SCORE = 10;
/** ...and the confidence is at least this. */
const GUESS_FAMILIAR_CONFIDENCE = 0.15;

/**
 * An answer above the threshold is still only a best guess when the match is partial (some topic word of the question
 * missing from the entry, or covered only piecewise), no rare key term of it names the entry in its title (anchored), and
 * the runner-up scores nearly as high: with a thin lead on a partial match resting on common words the ranking is a
 * coin toss between topics (set 3: "copier un fichier d'un pod" -> node NotReady).
 */
const THIN_LEAD_CONFIDENCE = 0.7;
/** ...the runner-up's score as a share of the best one's from which the lead counts as thin. */
const THIN_LEAD_RATIO = 0.75;

/**
 * A comparison ("ECS vs EKS", "terraform vs cloudformation") is answered as sure only by an entry whose title names at
 * least this many of the things compared: an entry about one of them, or another comparison, is at best a guess.
 */
const COMPARED_IN_TITLE = 2;

/**
 * An answer above the threshold is only a best guess when the entry lacks a topic word of the question and none of its
 * curated phrasings (title, question, keyword) holds more than this many of the question's words together: a match
 * pieced from a word here and a word there, with the question's own subject missing, is a neighbouring topic more often
 * than the answer (measured by bench/knowledge-gaps.mjs: a question whose entry is taken out gets such a match).
 */
const SCATTERED_TOGETHER = 2;

/** A question with this many words unknown to the base... */
const STRANGE_WORDS = 2;
/** ...making at least this share of its words... */
const STRANGE_SHARE = 0.34;
/** ...is declined below this confidence (above it, the rest of the question names a topic clearly enough). */
const STRANGE_CONFIDENCE = 0.5;

/** Whether enough of the question's words are unknown to the base to say it is about something else (see STRANGE_WORDS). */
function strangeWords(result: SearchResult): boolean {
  const unknown = result.unknownWords ?? 0;
  return unknown >= STRANGE_WORDS && unknown >= STRANGE_SHARE * (result.words ?? 0);
}

/** A topic offered as something to run next. */
function runnable(topic: { id: string; title: string }): string {
  return `- ${topic.title}: \`cloudya ask ${topic.id}\``;
}

/**
 * In pasted tool output, what the values left behind weigh against the match (see SearchOptions.unknownWeight):
 * a tool's own words (gfp_mask, ConditionalCheckFailedException) say little about which entry answers.
 */
const PASTE_UNKNOWN_WEIGHT = 0.3;

/**
 * Ranks pasted tool output by its salient lines (paste.ts), and judges it by its clearest line: an error line
 * that alone names the best entry ("Error acquiring the state lock") makes the answer as sure as that line is,
 * whatever else the paste holds. Undefined when the question is not a paste with an error in it.
 */
function searchPaste(knowledge: Knowledge, question: string): SearchResult | undefined {
  const salient = salientText(question);
  if (!salient) return undefined;
  const opts = { unknownWeight: PASTE_UNKNOWN_WEIGHT };
  const whole = knowledge.index.search(salient, HITS, opts);
  const best = whole.hits[0];
  if (!best) return whole;
  const tools = pasteTools(question);
  let confidence = whole.confidence;
  // Only an error line vouches for the answer: the command typed above a table ("kubectl get pods") names the tool, not the problem.
  for (const line of errorLines(salient)) {
    const r = knowledge.index.search([line, ...tools].join('\n'), 1, opts);
    if (r.hits[0]?.entry.id === best.entry.id) confidence = Math.max(confidence, r.confidence);
  }
  return { ...whole, confidence };
}

/** The three settings that point the assistant at an OpenAI-compatible server (a local Ollama as the example). */
const MODEL_SETTINGS = ['cloudya configure set ai.engine openai', 'cloudya configure set ai.base_url http://localhost:11434/v1', 'cloudya configure set ai.model llama3.1'];

/** Ranks the base for a request: by its machine-made subject when it has one, else by the question; the context helps when the match is weak. */
function searchFor(knowledge: Knowledge, question: string, context?: string, subject?: string, earlier?: string): SearchResult {
  if (subject?.trim()) {
    // A finding title is a template filled with values ("OOM killer killed python3, perl"): its words
    // unknown to the base are those values, so they must not make it look off-topic. The instruction
    // around it ("explain this finding...") names no topic and would only pull towards unrelated entries.
    // Its numbers and paths ("/var is 99 % full") are values too: they neither rank nor judge.
    const topic = withoutValues(subject);
    const result = knowledge.index.search(topic, HITS, { unknownWeight: 0, lenient: true });
    if (!context || result.confidence >= CONFIDENCE_THRESHOLD) return result;
    const withContext = knowledge.index.search(`${subject}\n${context}`, HITS, { confidenceFrom: topic, unknownWeight: 0, lenient: true });
    return withContext.confidence > result.confidence ? withContext : result;
  }
  // The question leads; a context (a finding's evidence) only helps when the question alone is vague.
  // A follow-up ("and how do I delete it?") is searched with the topic of the question it refers to.
  const carry = earlier && question.trim() ? { carry: { text: earlier, share: CARRY_SHARE } } : {};
  let result = knowledge.index.search(question || context || '', HITS, carry);
  // Pasted tool output is judged by its error lines, not by the paths, ids and timestamps around them.
  const pasted = earlier ? undefined : searchPaste(knowledge, question);
  if (pasted && pasted.confidence > result.confidence) result = pasted;
  if (!context || result.confidence >= CONFIDENCE_THRESHOLD) return result;
  // The evidence helps rank, but it is machine text (numbers, paths, host names): the confidence
  // comes from the question alone, or from the context when the question names no topic ("what now?").
  const judged = terms(question).length ? { confidenceFrom: question } : { unknownWeight: 0 };
  const withContext = knowledge.index.search(`${question}\n${context}`, HITS, { ...judged, lenient: true });
  return withContext.confidence > result.confidence ? withContext : result;
}

/** The hits that share something real with the question: a topic that covers almost none of it is noise, not a suggestion. */
function relevant(hits: SearchHit[]): SearchHit[] {
  return hits.filter((h) => h.coverage >= RELATED_MIN_COVERAGE);
}

/** For a broad question, the tied topics, those whose domain or title names the question's words first ("docker" -> docker entries). */
function broadTopics(result: SearchResult): SearchHit[] {
  const tied = result.hits.slice(0, result.tied);
  const rank = (h: SearchHit) => {
    const title = terms(`${h.entry.title.en} ${h.entry.title.fr}`);
    const domain = terms(h.entry.domain);
    return (result.terms.some((t) => domain.includes(t)) ? 2 : 0) + (result.terms.some((t) => title.includes(t)) ? 1 : 0);
  };
  const first = relevant(tied)
    .map((h, i) => ({ h, i, r: rank(h) }))
    .sort((a, b) => b.r - a.r || a.i - b.i)
    .map((x) => x.h);
  // Then the next closest topics, so a three-way tie still offers a real choice.
  return [...first, ...relevant(result.hits.slice(result.tied))];
}

/**
 * Answers a question from the knowledge base alone (synchronous core, used by the engine and the bench); `subject` as in AskRequest;
 * `earlier` is the question(s) a follow-up refers to (see followUpTopic).
 */
export function answerOffline(knowledge: Knowledge, question: string, lang: Lang, context?: string, subject?: string, earlier?: string): Answer {
  if (!question.trim() && !context?.trim() && !subject?.trim()) {
    return { explanation: say(lang, 'emptyQuestion'), commands: [], risks: [], sources: [], confidence: 0, unknown: true, lang };
  }
  if (knowledge.index.size === 0) {
    return { explanation: say(lang, 'empty'), commands: [], risks: [], sources: [], confidence: 0, unknown: true, entries: [], lang };
  }
  // An entry id asked for by name (`cloudya ask k8s-hpa-autoscaling`, offered by a decline) is that entry.
  const named = !subject?.trim() && !context?.trim() ? knowledge.base.entries.find((e) => e.id === question.trim().toLowerCase()) : undefined;
  if (named) return answerWith(named, lang, 1, []);
  const result = searchFor(knowledge, question, context, subject, subject?.trim() ? undefined : earlier);
  const best = result.hits[0];
  const broadTie = result.tied >= 3;
  // The strongest rival by words: meaning may have put a lower-scored entry second (see weighMeaning in search.ts).
  const second = result.hits.slice(1).reduce<(typeof result.hits)[number] | undefined>((top, h) => (!top || h.score > top.score ? h : top), undefined);
  const thinLead = !!best && !!second && !subject?.trim() && !result.complete && !result.anchored && result.confidence >= CONFIDENCE_THRESHOLD && result.confidence < THIN_LEAD_CONFIDENCE && second.score >= THIN_LEAD_RATIO * best.score;
  const unsureComparison = !!best && !subject?.trim() && !!result.comparison && (result.comparedInTitle ?? 0) < COMPARED_IN_TITLE && result.confidence >= CONFIDENCE_THRESHOLD;
  const covered = !!best && (result.complete || result.anchored) && best.coverage >= GUESS_COVERAGE && result.confidence >= GUESS_CONFIDENCE;
  const titled = !!best && (result.titled ?? 0) >= GUESS_TITLED && result.terms.length >= GUESS_TITLED_TERMS && (result.titledDf ?? Infinity) <= GUESS_TITLED_DF && result.tied === 1 && result.confidence >= GUESS_TITLED_CONFIDENCE && (!second || second.score < GUESS_TITLED_RATIO * best.score);
  const together =
    !!best &&
    (result.together ?? 0) >= GUESS_TOGETHER &&
    !!result.namesTools &&
    // A short question names its topic in every word: an entry lacking one of them is about something else ("rotate ssh keys" is not KMS key rotation).
    (result.terms.length > SHORT_TOGETHER || !result.missingWords) &&
    (result.unknownWords ?? 0) <= GUESS_TOGETHER_UNKNOWN &&
    (result.foreign ?? 0) <= GUESS_TOGETHER_FOREIGN &&
    best.coverage >= GUESS_TOGETHER_COVERAGE &&
    result.confidence >= GUESS_TOGETHER_CONFIDENCE &&
    (!second || second.score < GUESS_TOGETHER_RATIO * best.score);
  const familiar =
    !!best &&
    (result.unknownWords ?? 1) === 0 &&
    (result.foreign ?? Infinity) <= GUESS_FAMILIAR_FOREIGN &&
    (result.held ?? 0) >= GUESS_FAMILIAR_HELD &&
    (result.words ?? 0) > GUESS_FAMILIAR_SHORT &&
    best.score >= GUESS_FAMILIAR_SCORE &&
    result.confidence >= GUESS_FAMILIAR_CONFIDENCE;
  const nearMiss = !!best && result.confidence < CONFIDENCE_THRESHOLD && !broadTie && !subject?.trim() && (covered || titled || together || familiar);
  // Two or more words the base does not know (typo guesses included) in a question it covers only just: the question is about
  // something the base lacks ("configure the docker daemon to use my cake recipe"), whatever entry shares its DevOps words.
  const strange = !subject?.trim() && !salientText(question) && strangeWords(result) && result.confidence < STRANGE_CONFIDENCE;
  // A partial match held by two words at most, with a topic word of the question missing: a neighbouring topic (see SCATTERED_TOGETHER).
  // A comparison (or two things set side by side: "mariadb ou postgres") answered by an entry whose title names both is sure
  // whatever else the question says.
  const comparedBoth = (!!result.comparison || !!result.sideBySide) && (result.comparedInTitle ?? 0) >= COMPARED_IN_TITLE;
  const scattered =
    !!best && !subject?.trim() && result.confidence >= CONFIDENCE_THRESHOLD && (result.missingWords ?? 0) >= 1 && (result.together ?? 0) <= SCATTERED_TOGETHER && !comparedBoth;
  // An answer for one platform (AWS, GCP, Azure, Kubernetes) to a question that never brings that platform up is a best guess.
  const foreignPlatform = !!best && !subject?.trim() && !!result.foreignDomain && result.confidence >= CONFIDENCE_THRESHOLD;
  if (best && !strange && (nearMiss || thinLead || unsureComparison || foreignPlatform || scattered)) {
    // A near miss or a thin lead: show the best entry as a guess the user confirms, with the other candidates one command away.
    const others = relevant(result.hits.slice(1, 4)).map((h) => ({ id: h.entry.id, title: h.entry.title[lang] }));
    const answer = answerWith(best.entry, lang, result.confidence, others);
    const tail = others.length ? ['', say(lang, 'guessOthers'), ...others.map(runnable)] : [];
    return { ...answer, explanation: [say(lang, 'guess', { confidence: result.confidence.toFixed(2) }), '', answer.explanation, ...tail].join('\n'), tentative: true };
  }
  if (!best || result.confidence < CONFIDENCE_THRESHOLD || strange) {
    const broad = broadTie ? broadTopics(result) : [];
    const topics = (broad.length >= 3 ? broad.slice(0, BROAD_LIST) : relevant(result.hits).slice(0, 3)).map((h) => ({ id: h.entry.id, title: h.entry.title[lang] }));
    const lines = broad.length >= 3 ? [say(lang, 'broad'), ''] : [say(lang, 'unknown')];
    if (broad.length >= 3) lines.push(...topics.map(runnable), '', say(lang, 'narrow'));
    else {
      if (topics.length) lines.push('', say(lang, 'closest'), ...topics.map(runnable));
      lines.push('', say(lang, 'rephrase'), '', say(lang, 'model'), '', ...MODEL_SETTINGS.map((c) => `    ${c}`));
    }
    return {
      explanation: lines.join('\n'),
      commands: [],
      risks: [],
      sources: [],
      confidence: result.confidence,
      entries: [],
      unknown: true,
      related: topics,
      lang,
    };
  }
  return answerWith(best.entry, lang, result.confidence, relevant(result.hits.slice(1, 4)).map((h) => ({ id: h.entry.id, title: h.entry.title[lang] })));
}

/** The answer an entry gives, in a language. */
function answerWith(e: KnowledgeEntry, lang: Lang, confidence: number, related: Array<{ id: string; title: string }>): Answer {
  return {
    explanation: `## ${e.title[lang]}\n\n${e.explanation[lang].trim()}`,
    commands: e.commands.map((c) => ({ command: c.command, description: c.description[lang] })),
    risks: e.risks[lang],
    sources: e.docs,
    confidence,
    entries: [e.id],
    related,
    lang,
  };
}

/** Creates the offline engine. */
export function createOfflineEngine(opts: OfflineEngineOptions = {}): Engine {
  return {
    name: 'offline',
    async *ask(request: AskRequest): AsyncIterable<EngineEvent> {
      const knowledge = opts.knowledge ?? openKnowledge(opts.env ?? process.env);
      yield { type: 'progress', message: say(request.lang, 'searching', { count: knowledge.index.size }) };
      const question = lastUserMessage(request.messages);
      // The language of the answer is the question's, unless the user chose one (--lang).
      const lang = request.langFixed ? request.lang : questionLang(question, request.lang);
      const answer = answerOffline(knowledge, question, lang, request.context, request.subject, followUpTopic(request.messages));
      for (const piece of chunks(answer.explanation)) {
        if (request.signal?.aborted) return;
        yield { type: 'token', text: piece };
      }
      yield { type: 'done', answer };
    },
  };
}
