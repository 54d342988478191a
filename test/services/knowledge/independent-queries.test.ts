/**
 * The offline assistant on questions written by people who never read the knowledge base: each set's
 * questions.yaml is frozen, and its labels.yaml says which entries answer each question (written once, before
 * the engine or the knowledge was changed for that set). These gates are separate from the tuned set
 * (relevance.test.ts). Set 1 (queries-independent/) was read while entries were written, so it no longer
 * measures generalisation; sets 2 to 8 were tuned on too; sets 9 and 10 were measured once, untuned (five set-9 wordings were
 * quoted as examples to the engineers of session 9: set 9 is no longer fully untouched).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { collectAnswer, createOfflineEngine } from '../../../src/services/ai/index.js';
import { KnowledgeIndex, loadKnowledge } from '../../../src/services/knowledge/index.js';
import { ROOT } from '../../helpers/cli.js';

const base = loadKnowledge([path.join(ROOT, 'knowledge')]);
const knowledge = { base, index: new KnowledgeIndex(base.entries), loadMs: 0 };

interface Question {
  q: string;
  lang: 'en' | 'fr';
  intent: string;
  kind: string;
}
interface Label {
  i: number;
  ids?: string[];
  decline?: boolean;
}

/** Reads one frozen set and its labels. */
function readSet(dir: string): { questions: Question[]; labels: Label[] } {
  const DIR = path.join(ROOT, 'test/fixtures', dir);
  const questions = yaml.load(readFileSync(path.join(DIR, 'questions.yaml'), 'utf8')) as Question[];
  const labels = (yaml.load(readFileSync(path.join(DIR, 'labels.yaml'), 'utf8')) as { labels: Label[] }).labels;
  return { questions, labels };
}

interface Tally {
  n: number;
  right: number;
  declined: number;
  guessed: number;
  wrong: number;
  offTopic: number;
  offTopicDeclined: number;
  inLang: number;
}

const empty = (): Tally => ({ n: 0, right: 0, declined: 0, guessed: 0, wrong: 0, offTopic: 0, offTopicDeclined: 0, inLang: 0 });
const pct = (a: number, n: number) => (n ? (100 * a) / n : 0);

/** Asks every question as a user would (`cloudya ask "..."` on an English terminal) and sorts the outcomes. */
async function measure(questions: Question[], labels: Label[]): Promise<{ all: Tally; by: Record<'en' | 'fr', Tally>; misses: string[] }> {
  const engine = createOfflineEngine({ knowledge });
  const all = empty();
  const by = { en: empty(), fr: empty() };
  const misses: string[] = [];
  for (const label of labels) {
    const { q, lang } = questions[label.i];
    const a = await collectAnswer(engine, { messages: [{ role: 'user', content: q }], lang: 'en' });
    if (!a) throw new Error(`no answer for "${q}"`);
    const top = a.entries?.[0];
    const declined = !!a.unknown || !top;
    // The answer is in the asker's language: a French answer starts its title with a French heading, and a decline says so in French.
    const french = /[àâçéèêîôû]|\b(les|des|une|votre|vous)\b/i.test(a.explanation.split('\n').slice(0, 3).join(' '));
    for (const t of [all, by[lang]]) {
      t.n++;
      if ((lang === 'fr') === french) t.inLang++;
      if (label.decline) {
        t.offTopic++;
        if (declined) {
          t.offTopicDeclined++;
          t.right++;
        } else t.wrong++;
        continue;
      }
      if (!declined && label.ids?.includes(top)) t.right++;
      else if (declined) t.declined++;
      else if (a.tentative) t.guessed++;
      else t.wrong++;
    }
    const ok = label.decline ? declined : !declined && label.ids?.includes(top);
    if (!ok) misses.push(`#${label.i} [${lang}] "${q.replace(/\n/g, ' ⏎ ')}" -> ${declined ? 'declined' : `${a.tentative ? 'guess ' : ''}${top}`} (c=${a.confidence}), want ${label.decline ? 'decline' : label.ids?.join('|')}`);
  }
  return { all, by, misses };
}

const line = (name: string, t: Tally) =>
  `${name}: ${t.n} questions: right ${pct(t.right, t.n).toFixed(1)}%, declined ${pct(t.declined, t.n).toFixed(1)}%, best guess (wrong) ${pct(t.guessed, t.n).toFixed(1)}%, confidently wrong ${pct(t.wrong, t.n).toFixed(1)}%, off-topic declined ${t.offTopicDeclined}/${t.offTopic}, answered in the asker's language ${pct(t.inLang, t.n).toFixed(1)}%`;

/** Gate of one set: every off-topic question declined, and floors for right and confidently wrong answers. */
interface Gate {
  right: number;
  wrong: number;
  /** Off-topic questions answered instead of declined (the goal is 0). */
  offTopicAnswered: number;
}

/** One describe per frozen set, same tally and output. */
function gateSet(name: string, dir: string, gate: Gate): void {
  const { questions, labels } = readSet(dir);
  describe(`${name} (${dir}, never tuned on when labelled)`, () => {
    it('has one label per frozen question, naming existing entries', () => {
      expect(labels.map((l) => l.i)).toEqual(questions.map((_, i) => i));
      const ids = new Set(base.entries.map((e) => e.id));
      const unknown = labels.flatMap((l) => (l.ids ?? []).filter((id) => !ids.has(id)));
      console.log(`${name}: labels naming entries not written yet: ${unknown.length ? [...new Set(unknown)].join(', ') : 'none'}`);
    });

    it('answers right, rarely confidently wrong, and declines every off-topic question', async () => {
      const { all, by, misses } = await measure(questions, labels);
      console.log([line(name, all), line('  en', by.en), line('  fr', by.fr)].join('\n'));
      if (misses.length) console.log(`${name} misses:\n  ${misses.join('\n  ')}`);
      expect(all.offTopic - all.offTopicDeclined).toBeLessThanOrEqual(gate.offTopicAnswered);
      expect(all.right / all.n).toBeGreaterThanOrEqual(gate.right);
      expect(all.wrong / all.n).toBeLessThanOrEqual(gate.wrong);
    });
  });
}

// Set 1 before the work of issue 11: right 47.2%, confidently wrong 11.8% (en 52.7%/9.7%, fr 42.2%/13.7%).
// Reached in session 3: right 84.1%, confidently wrong 2.6% (en 88.2%/1.1%, fr 80.4%/3.9%). Entries were written
// after reading this set: it is no longer independent. Since set 2's work (new entries, pasted output judged by its
// error lines, filler and French wording): right 87.7%, confidently wrong 2.1% (en 92.5%/1.1%, fr 83.3%/2.9%),
// off-topic 29/29.
// After session 8's gap confidence (offline.ts SCATTERED_TOGETHER; 400 entries): right 92.8%, confidently wrong 1.0% (1.5% without it).
gateSet('independent set 1', 'queries-independent', { right: 0.9, wrong: 0.02, offTopicAnswered: 0 });
// Set 2, first measure (labels committed before any change; engine and knowledge as they were for set 1):
// right 65.9%, declined 25.9%, best guess (wrong) 1.2%, confidently wrong 7.1%, off-topic declined 11/12
// (en 67.5% / 25.3% / 1.2% / 6.0%, 7/7; fr 64.4% / 26.4% / 1.1% / 8.0%, 4/5). 13 labelled intents had no entry.
// This is the honest generalisation figure. After the 13 entries for those gaps and 20 completed entries (written
// after reading the set), then pasted output judged by its error lines, then filler, French and SDK wording:
// right 91.8%, declined 5.3%, guessed 0.6%, confidently wrong 2.4%, off-topic 12/12
// (en 90.4% / 7.2% / 0.0% / 2.4%; fr 93.1% / 3.4% / 1.1% / 2.3%).
gateSet('independent set 2', 'queries-independent-2', { right: 0.917, wrong: 0.02, offTopicAnswered: 0 });
// Set 3 (queries-independent-3/), first measure: labels committed before the engine was run on it, no change to the
// engine or the knowledge base since set 2's work (223 entries). The honest generalisation figure after that tuning:
// right 76.0%, declined 16.0%, best guess (wrong) 0.7%, confidently wrong 7.3%, off-topic declined 11/11
// (en 76.0% / 22.7% / 0.0% / 1.3%, 6/6; fr 76.0% / 9.3% / 1.3% / 13.3%, 5/5). 6 labelled intents have no entry
// (import vs include, git restore of a deleted file, kubectl cp, firewalld, slow SSH login, Terraform Cycle).
// English misses are mostly declines of questions an entry answers; French misses are more often a wrong entry.
// After reading set 3 (session 4): an answer above the threshold whose match is partial (not complete, not anchored)
// and whose runner-up scores >= 75% of it is shown as a best guess (offline.ts, thin lead); the 6 missing entries
// were written and 2 entries completed (FailedScheduling keyword, "ansible ping the whole inventory") - content
// written after reading this set, so part of the gain is tuning. Set 3: right 80.0%, declined 14.7%, guessed 2.7%,
// confidently wrong 2.7%, off-topic 11/11 (en 77.3% / 21.3% / 0.0% / 1.3%; fr 82.7% / 8.0% / 5.3% / 4.0%).
// Sets 1 and 2 with the same change: set 1 right 88.2%, confidently wrong 1.0% (was 87.7%/2.1%); set 2 91.8%/1.2%
// (was 91.8%/2.4%).
gateSet('independent set 3', 'queries-independent-3', { right: 0.86, wrong: 0.02, offTopicAnswered: 0 });
// Set 4 (queries-independent-4/), first measure: labels committed before the engine was run on it, no change to the
// engine or the knowledge base since set 3's work (229 entries). The honest generalisation figure after that tuning:
// right 65.3%, declined 23.3%, best guess (wrong) 7.3%, confidently wrong 4.0%, off-topic declined 12/12, answered in
// the asker's language 92.7% (en 69.3% / 22.7% / 4.0% / 4.0%, 6/6, 100%; fr 61.3% / 24.0% / 10.7% / 4.0%, 6/6, 85.3%).
// 22 questions are labelled with 20 entries that did not exist (PostgreSQL, MySQL, Redis, GCP, Azure, LVM, apt hold,
// Apache rewrite, ...): without them 98/128 (76.6%) right. As in set 3, English misses are mostly declines of
// questions an existing entry answers (confidence 0.19-0.36).
// Then (session 5, after reading set 4): a near miss whose best entry has two or more of the question's words in its
// title (one of them specific, curated in at most 12 entries) in a question of 4+ known words, with a lead over the
// runner-up, is shown as a best guess instead of declined (offline.ts GUESS_TITLED); the language of a paste is
// taken from the line the person typed; 20 entries written for the gaps (PostgreSQL, MySQL, Redis, GCP, Azure, LVM,
// apt hold, SSH lock-out, Apache rewrite, S3 cross-account, EC2 scheduling, read-only IAM, GitHub vs GitLab) and 15
// entries completed - content written after reading this set, so most of the gain is tuning.
// Set 4: right 87.3%, declined 7.3%, guessed 4.0%, confidently wrong 1.3%, off-topic 12/12, in the asker's language
// 94.7%. Same change on the other sets: set 1 89.7% / 1.0% (was 88.2% / 1.0%), set 2 91.8% / 1.2% (unchanged),
// set 3 85.3% / 2.7% (was 80.0% / 2.7%; one label completed, see its README).
gateSet('independent set 4', 'queries-independent-4', { right: 0.88, wrong: 0.02, offTopicAnswered: 0 });
// Set 5 (queries-independent-5/), first measure: labels committed before the engine was run on it, no change to the
// engine or the knowledge base since set 4's work (249 entries). The honest generalisation figure after that tuning:
// right 80.0%, declined 12.5%, best guess (wrong) 4.2%, confidently wrong 3.3%, off-topic declined 10/10, answered in
// the asker's language 95.8% (en 78.3% / 15.0% / 5.0% / 1.7%, 5/5, 100%; fr 81.7% / 10.0% / 3.3% / 5.0%, 5/5, 91.7%).
// 13 questions are labelled with 13 entries that do not exist (comparisons such as ECS vs EKS, ALB vs NLB, Terraform
// vs Ansible; MySQL dump and replication lag, PostgreSQL read-only role, pod DNS, git dubious ownership...): without
// them 96/107 (89.7%) right (en 47/55, fr 49/52).
// Then (session 6, after reading set 5): the 13 gap entries and 12 more for likely next misses (comparisons, pasted
// errors, common tasks), about 25 entries completed; comparison wording (and "X or Y" of two named things) is one term
// and a comparison is sure only from an entry whose title names both things compared; values with a unit weigh
// nothing; won't/doesn't and "not found" are one word; curated phrasings are length-normalised less; host names in a
// paste name no tool; no Docker/Kubernetes title leader for a question about neither; a long question is never "too
// broad"; French typed before an English message on one line. Content and mechanisms written after reading this set,
// so most of the gain is tuning (set 6 measures it). Set 5: right 97.5%, declined 2.5%, guessed 0.0%, confidently
// wrong 0.0%, off-topic 10/10, in the asker's language 98.3% (en 96.7%, fr 98.3%). Same change on the other sets:
// set 1 91.8% / 1.0% (was 89.7% / 1.0%; one label completed), set 2 91.8% / 1.2% (unchanged), set 3 86.7% / 1.3%
// (was 85.3% / 2.7%), set 4 89.3% / 1.3% (was 87.3% / 1.3%).
gateSet('independent set 5', 'queries-independent-5', { right: 0.95, wrong: 0.01, offTopicAnswered: 0 });
// Set 6 (queries-independent-6/), first measure: questions written in session 6 before any change of that session was
// seen by the writer; labels committed (04b788e) before the engine was run on it; engine and knowledge as set 5's
// tuning left them (274 entries) - nobody tuning had read this set. The honest generalisation figure:
// right 71.7%, declined 20.8%, best guess (wrong) 5.8%, confidently wrong 1.7%, off-topic declined 10/10, answered in
// the asker's language 95.0% (en 75.0% / 18.3% / 6.7% / 0.0%, 5/5, 100%; fr 68.3% / 23.3% / 5.0% / 3.3%, 5/5, 90.0%).
// 17 questions are labelled with entries that do not exist (MTU over a VPN, Argo CD OutOfSync, HAProxy health checks,
// MongoDB dump, k3s vs kubeadm, Thanos/Mimir, blue/green vs canary...): on the other 103, 86 right (83.5%).
// After the 17 gap entries (written after reading this set - tuning, not a fresh measure): right 85.8%, declined 11.7%,
// best guess (wrong) 2.5%, confidently wrong 0.0%, off-topic 10/10, in the asker's language 95.0% (en 81.7/13.3/5.0/0.0;
// fr 90.0/10.0/0.0/0.0). Sets 1-5 after: right 91.8/91.8/86.0/89.3/97.5%, confidently wrong 1.0/1.2/0.7/1.3/0.0%.
gateSet('independent set 6', 'queries-independent-6', { right: 0.85, wrong: 0.02, offTopicAnswered: 0 });
// Set 7 (queries-independent-7/), first measure (labels 687a292 committed before the engine ran on it): at ea4a10f
// (engine and knowledge as session 6 left them) right 61.7%, declined 21.7%, best guess (wrong) 9.2%, confidently wrong
// 7.5%, off-topic 9/10, in the asker's language 95.8%; at 687a292 (+ session 7's first engine change) 65.0% / 6.7%.
// 22 questions asked for a missing entry. Then (session 7, after reading it): the 22 entries, 18 enrich items, symptom
// wordings, accented French words never read as tool names, tally lines of a paste not read as errors; two labels
// changed (see its README). Tuning: right 99.2%, confidently wrong 0.0%, off-topic 10/10.
gateSet('independent set 7', 'queries-independent-7', { right: 0.95, wrong: 0.01, offTopicAnswered: 0 });
// Set 8 (queries-independent-8/), first measure: labels (a0aa5f5) committed before the engine was run on it, engine and
// knowledge as session 7 left them (353 entries) - nobody who changed either had opened it. The honest figure:
// right 75.8%, declined 9.2%, best guess (wrong) 10.8%, confidently wrong 4.2%, off-topic declined 10/10, in the asker's
// language 98.3% (en 75.0 / 11.7 / 10.0 / 3.3%; fr 76.7 / 6.7 / 11.7 / 5.0%). 17 questions ask for a missing entry; on
// the other 93 the engine is right 87.1% and never confidently wrong (all 5 confidently wrong answers are gap questions).
// Then (session 7, after reading it - tuning): its 17 missing entries and 8 enrich items; right 93.3%, confidently wrong 0.0%,
// off-topic 10/10. The first measure above is the honest figure.
gateSet('independent set 8', 'queries-independent-8', { right: 0.9, wrong: 0.02, offTopicAnswered: 0 });
// Set 9 (queries-independent-9/), first measure: questions (9c40de4) written at the start of session 8 by someone who
// read neither the knowledge base nor the engine; labels (a3b795b) written from the entries' content, pass 2 against
// the base session 8's breadth work left (510 entries), committed before the engine ran on the set; nobody who changed
// the engine or the base had opened it. The honest figure: right 79.2%, declined 9.2%, best guess (wrong) 10.0%,
// confidently wrong 1.7% (one of them the off-topic grammar question answered as a best guess), off-topic declined 9/10,
// in the asker's language 99.2% (en 78.3 / 8.3 / 13.3 / 0.0%, 5/5; fr 80.0 / 10.0 / 6.7 / 3.3%, 4/5). 5 questions ask
// for a missing entry; on the other 105 the engine is right 81.9%. The same labels on the base and engine of the session's
// start (9c40de4, 370 entries): right 75.0%, confidently wrong 1.7%. Not tuned on: the gate holds the first measure.
gateSet('independent set 9', 'queries-independent-9', { right: 0.79, wrong: 0.02, offTopicAnswered: 1 });
// Set 10 (queries-independent-10/), first measure: questions (8e7c1d3) written at the start of session 9 by someone who
// read neither the knowledge base, the engine nor earlier sets; labels written from the entries' content (pass 1 against
// the session's starting base, 510 entries; pass 2 against 3cfa322, 511 entries, after the session's wording work by
// engineers who never opened the set: no label changed), committed before the engine ran on the final base. The honest
// figure: right 77.5%, declined 5.0%, best guess (wrong) 14.2%, confidently wrong 3.3% (one of the four the off-topic
// "affected/effected" question answered as a best guess), off-topic declined 9/10, in the asker's language 100% (en 76.7 /
// 8.3 / 11.7 / 3.3%; fr 78.3 / 1.7 / 16.7 / 3.3%). 8 questions ask for a missing entry (all 8 answered as wrong best
// guesses); on the other 112 the engine is right 83.0%. The same labels on the session's starting base and engine
// (28380df): right 76.7%, confidently wrong 2.5%. Not tuned on: the gate holds the first measure.
gateSet('independent set 10', 'queries-independent-10', { right: 0.775, wrong: 0.034, offTopicAnswered: 1 });
// Set 11 (queries-independent-11/), first measure: questions (e670459) written at the start of session 10 by someone who
// read neither the knowledge base, the engine, the tests nor earlier sets; labels written from the entries' content
// against that commit (511 entries) and committed with this measure, before any change of the session to the engine or
// the knowledge. The honest figure: right 77.5%, declined 10.0%, best guess (wrong) 9.2%, confidently wrong 3.3% (one of
// the four the off-topic sailing-boat "helm" question answered as a best guess), off-topic declined 9/10, in the asker's
// language 99.2% (en 81.7 / 10.0 / 8.3 / 0.0%; fr 73.3 / 10.0 / 10.0 / 6.7%). 7 questions ask for a missing entry (all
// missed); on the other 113 the engine is right 82.3%. Not tuned on: the gate holds the first measure.
gateSet('independent set 11', 'queries-independent-11', { right: 0.775, wrong: 0.034, offTopicAnswered: 1 });
// Set 12 (queries-independent-12/), first measure: questions (339ed1c) written late in session 10, after that session's 14
// gap entries and 28 completed entries of sets 10 and 11, by someone who read neither the knowledge base, the engine, the
// tests nor earlier sets; labels from the entries' content against that commit (525 entries), committed with this measure.
// The honest figure after the session's work: right 78.3%, declined 7.5%, best guess (wrong) 12.5%, confidently wrong 1.7%,
// off-topic declined 10/10, in the asker's language 98.3% (en 81.7 / 8.3 / 6.7 / 3.3%; fr 75.0 / 6.7 / 18.3 / 0.0%). Only
// 3 questions ask for a missing entry; on the other 117 the engine is right 80.3%. Not tuned on: the gate holds the first measure.
gateSet('independent set 12', 'queries-independent-12', { right: 0.783, wrong: 0.017, offTopicAnswered: 0 });
// Set 13 (queries-independent-13/), first measure: questions (df3e3b4) written at the start of session 11 by someone who
// read neither the knowledge base, the engine, the tests nor earlier sets, asked to word many questions by their effects
// rather than the tool's name; labels from the entries' content against that commit (525 entries), committed with this
// measure before any change of the session to the engine or the knowledge. The honest figure: right 63.3%, declined
// 17.5%, best guess (wrong) 14.2%, confidently wrong 5.0%, off-topic declined 9/10, in the asker's language 97.5% (en 60.0
// / 23.3 / 8.3 / 8.3%; fr 66.7 / 11.7 / 20.0 / 1.7%). 6 questions ask for a missing entry; on the other 114 the engine is
// right 66.7%. Not tuned on: the gate holds the first measure.
gateSet('independent set 13', 'queries-independent-13', { right: 0.633, wrong: 0.05, offTopicAnswered: 1 });
// Set 14 (queries-independent-14/): questions (9eac865) written in session 11 with set 13's brief, by someone who read
// neither the knowledge base, the engine, the tests nor earlier sets, frozen before that session's knowledge work landed;
// the content engineers never saw it. Labels from the entries' content against b9cdc40 (531 entries; 7 gaps, 12 enrich).
// On the session's engine with the session-start content (f578d11): right 74.2%, declined 17.5%, best guess (wrong) 7.5%,
// confidently wrong 0.8%, off-topic declined 9/10. After the session's content (6 gap entries and 7 completed ones for set
// 13, effect-worded questions for ~320 entries) and the "familiar words" best guess - a rule chosen with this set among the
// 14 it was measured on, so not a fresh figure -: right 78.3%, declined 11.7%, best guess (wrong) 7.5%, confidently wrong
// 2.5%, off-topic declined 8/10 (en 81.7 / 11.7 / 5.0 / 1.7%; fr 75.0 / 11.7 / 10.0 / 3.3%). Gated there.
gateSet('independent set 14', 'queries-independent-14', { right: 0.783, wrong: 0.025, offTopicAnswered: 2 });
// Set 15 (queries-independent-15/), first measure: questions (5e2e747) written at the start of session 12 with set 13's
// brief (effects rather than tools' names) by someone who read neither the knowledge base, the engine, the tests nor
// earlier sets; labels from the entries' content against that commit (531 entries; 8 gaps, 9 enrich), committed with this
// measure before any change of the session to the answers (the session's speed work changed none: same answers on sets
// 1-14). The honest figure: right 66.7%, declined 8.3%, best guess (wrong) 22.5%, confidently wrong 2.5%, off-topic
// declined 9/10, in the asker's language 96.7% (en 65.0 / 11.7 / 21.7 / 1.7%; fr 68.3 / 5.0 / 23.3 / 3.3%). On the 102
// questions whose entry exists the engine is right 69.6%. Not tuned on: the gate holds the first measure.
gateSet('independent set 15', 'queries-independent-15', { right: 0.666, wrong: 0.025, offTopicAnswered: 1 });
// Set 16 (queries-independent-16/), the session's fresh figure: questions (180c02b) written mid-session 12 with set 13's
// brief by someone who read neither the knowledge base, the engine, the tests nor earlier sets, frozen unread while the
// session's engine and content work went on (nobody tuning saw it); labels from the entries' content against 21d7c6f, the
// session's final content (545 entries; 5 gaps, 3 enrich), measured once: right 72.5%, declined 5.0%, best guess (wrong)
// 20.8%, confidently wrong 1.7%, off-topic declined 10/10, in the asker's language 100% (en 68.3 / 5.0 / 25.0 / 1.7%; fr
// 76.7 / 5.0 / 16.7 / 1.7%). On the 105 questions whose entry exists the engine is right 73.3%. Gated there.
gateSet('independent set 16', 'queries-independent-16', { right: 0.725, wrong: 0.017, offTopicAnswered: 0 });
// Set 17 (queries-independent-17/), first measure: questions (7744380) written at the start of session 13 with set 13's
// brief by someone who read neither the knowledge base, the engine, the tests nor earlier sets; labels from the entries'
// content against that commit (550 entries; 9 gaps, 11 enrich), measured on the session's starting engine and content
// before any change: right 69.2%, declined 5.0%, best guess (wrong) 23.3%, confidently wrong 2.5%, off-topic declined
// 9/10, in the asker's language 99.2% (en 70.0 / 3.3 / 25.0 / 1.7%; fr 68.3 / 6.7 / 21.7 / 3.3%). On the 101 questions
// whose entry exists the engine is right 73.3%. Gated at the first measure less one question (a near tie moved by the
// session's first engine change: 68.3%).
gateSet('independent set 17', 'queries-independent-17', { right: 0.683, wrong: 0.025, offTopicAnswered: 1 });
// Set 18 (queries-independent-18/), the session's fresh figure: questions (7744380) written at the start of session 13
// with set 13's brief by someone who read neither the knowledge base, the engine, the tests nor earlier sets, frozen
// unread while the session's engine and content work went on (nobody tuning saw it); labels from the entries' content
// against 38443b0, the session's final content (559 entries; 5 gaps, 8 enrich), measured once: right 69.2%, declined 6.7%,
// best guess (wrong) 20.0%, confidently wrong 4.2%, off-topic declined 9/10, in the asker's language 100% (en 66.7 / 5.0 /
// 23.3 / 5.0%; fr 71.7 / 8.3 / 16.7 / 3.3%). On the 105 questions whose entry exists the engine is right 70.5%. The same
// labels on the session's starting engine and content give 72.5% (74.3% where the entry exists): the session's coverage
// content cost about one question per merge (see the README). Gated there.
gateSet('independent set 18', 'queries-independent-18', { right: 0.691, wrong: 0.042, offTopicAnswered: 1 });
// Set 19 (queries-independent-19/): questions (cf4202f) written at the start of session 14 with set 13's brief by someone
// who read neither the knowledge base, the engine, the tests nor earlier sets, frozen before any change; labels from the
// entries' content against that commit (564 entries; 4 gaps, 9 enrich). First measure, on the session's starting engine:
// right 72.5%, declined 8.3%, best guess (wrong) 17.5%, confidently wrong 0.8%, off-topic declined 9/10 (en 68.3 / 10.0 /
// 20.0 / 1.7%; fr 76.7 / 6.7 / 15.0 / 0.0%); 73.6% where the entry exists. With the semantic space (semantic.ts), whose
// guards were chosen while this set was being measured (not labelled from it): right 75.8%, confidently wrong 0.8%, 9/10
// (the test's figure, 1.7%, also counts the answered off-topic question).
gateSet('independent set 19', 'queries-independent-19', { right: 0.758, wrong: 0.017, offTopicAnswered: 1 });
// Set 20 (queries-independent-20/), the session's fresh figure: questions (84b0bc9, on-call style: short, sloppy, half-pasted
// output) written at the start of session 14 by another blind writer, frozen unread while the engine work went on; labels
// from the entries' content against 262bd92 (564 entries, the session's final content; 4 gaps, 10 enrich), measured once
// on the final engine: right 79.2%, declined 8.3%, best guess (wrong) 9.2%, confidently wrong 3.3%, off-topic declined
// 10/10 (en 85.0 / 5.0 / 8.3 / 1.7%; fr 73.3 / 11.7 / 10.0 / 5.0%); 80.2% where the entry exists. The same labels on the
// session's starting engine: 73.3% right, 3.3% confidently wrong (73.6% where the entry exists). Gated there.
gateSet('independent set 20', 'queries-independent-20', { right: 0.791, wrong: 0.034, offTopicAnswered: 0 });
