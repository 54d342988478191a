/** The assistant's engine interface: conversation in, a stream of events ending in one structured answer. */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ProposedCommand {
  command: string;
  description: string;
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** A quota alert as the API sends it. */
export interface QuotaAlertInfo {
  percent: number;
  used: number;
  allowance: number;
}

/** The structured answer every engine ends with. */
export interface Answer {
  explanation: string;
  commands: ProposedCommand[];
  risks: string[];
  sources: string[];
  usage?: TokenUsage;
  /** offline engine: how sure the match is (0-1); false "confident" answers are a bug. */
  confidence?: number;
  /** offline engine: the knowledge entry ids used. */
  entries?: string[];
  /** true when the engine honestly does not know (weak match): the explanation says so. */
  unknown?: boolean;
  /** offline engine: the entry is a best guess (a near miss), shown as "is this it?" with alternatives, not as a sure answer. */
  tentative?: boolean;
  /** The closest knowledge topics (offered when the match is weak, or as "see also"). */
  related?: Array<{ id: string; title: string }>;
  /** The model that produced the answer (openai engine; for the server engine, the server's engine). */
  model?: string;
  /** server engine: the account's token balance after this answer was debited. */
  remaining_balance?: number;
  /** server engine: the quota alert this answer's debit raised (80% / 100% of the period's allowance; one answer per period carries it). */
  quota_alert?: QuotaAlertInfo;
  /** The language the answer is written in (the question's, or the one the user chose): front ends label it in that language. */
  lang?: 'en' | 'fr';
}

export type EngineEvent =
  | { type: 'progress'; message: string }
  | { type: 'token'; text: string }
  | { type: 'done'; answer: Answer }
  | { type: 'error'; error: Error };

export interface AskRequest {
  messages: ChatMessage[];
  /** Extra context (e.g. a diagnosis finding with its evidence). */
  context?: string;
  /**
   * What the question is about when a machine wrote it (e.g. a diagnosis finding's title): the offline
   * engine searches this rather than the wording around it, and reads its words unknown to the base as
   * names and values (process, host, file names), not as an off-topic signal.
   */
  subject?: string;
  lang: 'en' | 'fr';
  /** The user chose `lang` (--lang): answer in it whatever language the question looks like. */
  langFixed?: boolean;
  signal?: AbortSignal;
}

/** An assistant engine (offline knowledge base, OpenAI-compatible model, later Cloudya's backend). */
export interface Engine {
  readonly name: string;
  ask(request: AskRequest): AsyncIterable<EngineEvent>;
}
