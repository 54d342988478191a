/** The shape of one knowledge base entry (knowledge/<domain>.yaml, see the schema in README "assistant"). */

export interface Bilingual<T = string> {
  en: T;
  fr: T;
}

export interface KnowledgeCommand {
  command: string;
  description: Bilingual;
}

export interface KnowledgeEntry {
  id: string;
  domain: string;
  title: Bilingual;
  questions: Bilingual<string[]>;
  keywords: Bilingual<string[]>;
  explanation: Bilingual;
  commands: KnowledgeCommand[];
  risks: Bilingual<string[]>;
  docs: string[];
  /** Where the entry was read from (for error messages and `--debug`). */
  source: { file: string; line: number };
}

/** A file or entry that could not be loaded; the rest of the base still loads. */
export interface KnowledgeProblem {
  file: string;
  line?: number;
  message: string;
}

export interface KnowledgeBase {
  entries: KnowledgeEntry[];
  problems: KnowledgeProblem[];
  /** Files read, in load order. */
  files: string[];
}
