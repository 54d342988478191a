/** What the model is told: its role, the answer format, and grounding notes from the knowledge base. */
import type { Lang } from '../../core/i18n.js';
import type { SearchHit } from '../knowledge/index.js';

/** JSON schema of the structured answer (OpenAI structured outputs, strict mode). */
export const ANSWER_SCHEMA = {
  type: 'object',
  properties: {
    explanation: { type: 'string', description: 'Markdown explanation: what, why, best practices' },
    commands: {
      type: 'array',
      items: {
        type: 'object',
        properties: { command: { type: 'string' }, description: { type: 'string' } },
        required: ['command', 'description'],
        additionalProperties: false,
      },
    },
    risks: { type: 'array', items: { type: 'string' } },
    sources: { type: 'array', items: { type: 'string' } },
  },
  required: ['explanation', 'commands', 'risks', 'sources'],
  additionalProperties: false,
} as const;

/** The system prompt for a language. */
export function systemPrompt(lang: Lang): string {
  const language = lang === 'fr' ? 'French (natural French, as a French DevOps engineer writes it)' : 'English';
  return [
    'You are Cloudya, a terminal assistant for DevOps engineers (AWS, Kubernetes, Terraform, Docker, Ansible, Linux and security).',
    `Answer in ${language}.`,
    'Reply with ONE JSON object and nothing else: {"explanation": markdown string, "commands": [{"command": string, "description": string}], "risks": [string], "sources": [string]}.',
    '- explanation: what to do and why, with best practices as bullets; put file contents (Dockerfile, YAML, HCL) there as fenced code blocks.',
    '- commands: the exact shell commands to run, in order, one per item, with real flags of current tool versions and placeholders like <bucket-name> for values you do not know. Never use echo as a stand-in for a real command.',
    '- risks: what can go wrong or cost money; sources: official documentation URLs.',
    'Prefer the reference notes when they fit the question. If you are not sure, say so instead of inventing flags or resources.',
  ].join('\n');
}

/** The top knowledge entries as reference notes for the model. */
export function groundingNotes(hits: SearchHit[], lang: Lang): string {
  if (!hits.length) return '';
  const notes = hits.map(({ entry }) => {
    const cmds = entry.commands.map((c) => `  - \`${c.command}\` - ${c.description[lang]}`).join('\n');
    return `### ${entry.title[lang]} (${entry.id})\n${entry.explanation[lang].trim()}\nCommands:\n${cmds}\nDocs: ${entry.docs.join(' ')}`;
  });
  return `Reference notes from Cloudya's knowledge base (use them when relevant):\n\n${notes.join('\n\n')}`;
}
