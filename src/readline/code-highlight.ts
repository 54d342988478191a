/**
 * Syntax colouring of code blocks in answers, standing in for cli-highlight inside the built CLI
 * (scripts/build.mjs points marked-terminal's import of cli-highlight here). cli-highlight loads
 * highlight.js with all of its ~190 languages plus an HTML parser (parse5) to turn highlight.js's
 * HTML into colours: ~0.15 s on every start of the chat, for a handful of languages that DevOps
 * answers use. Here: highlight.js's core with those languages, and a small reader of its output.
 * Same call shape as cli-highlight's `highlight(code, { language, ignoreIllegals })`; an unknown
 * language throws, and marked-terminal then prints the block in its plain code colour, as before.
 */
/// <reference types="highlight.js" />
import chalk, { type ChalkInstance } from 'chalk';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import makefile from 'highlight.js/lib/languages/makefile';
import nginx from 'highlight.js/lib/languages/nginx';
import plaintext from 'highlight.js/lib/languages/plaintext';
import powershell from 'highlight.js/lib/languages/powershell';
import python from 'highlight.js/lib/languages/python';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = { bash, diff, dockerfile, go, ini, javascript, json, makefile, nginx, plaintext, powershell, python, shell, sql, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);

/** The colours cli-highlight's default theme gives each highlight.js scope (others stay plain). */
function theme(c: ChalkInstance): Record<string, (s: string) => string> {
  return {
    keyword: c.blue,
    built_in: c.cyan,
    type: c.cyan.dim,
    literal: c.blue,
    number: c.green,
    regexp: c.red,
    string: c.red,
    class: c.blue,
    function: c.yellow,
    comment: c.green,
    doctag: c.green,
    meta: c.grey,
    tag: c.grey,
    name: c.blue,
    attr: c.cyan,
    emphasis: c.italic,
    strong: c.bold,
    link: c.underline,
    addition: c.green,
    deletion: c.red,
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'" };

/** Turns highlight.js's HTML (nested <span class="hljs-...">) into terminal colours, a span painting all it holds, as cli-highlight does. */
function htmlToAnsi(html: string, colours: Record<string, (s: string) => string>): string {
  const open: Array<{ paint?: (s: string) => string; text: string }> = [{ text: '' }];
  for (const m of html.matchAll(/<span class="([^"]*)">|<\/span>|&(#?\w+);|[^<&]+|[<&]/g)) {
    if (m[1] !== undefined) {
      open.push({ paint: colours[m[1].split(' ')[0].replace(/^hljs-/, '')], text: '' });
    } else if (m[0] === '</span>' && open.length > 1) {
      const span = open.pop()!;
      open[open.length - 1].text += span.paint ? span.paint(span.text) : span.text;
    } else {
      open[open.length - 1].text += m[2] !== undefined ? (ENTITIES[m[2]] ?? m[0]) : m[0];
    }
  }
  return open[0].text;
}

/** Colours `code` (auto-detected among the registered languages when `language` is not given). */
export function highlight(code: string, options: { language?: string; ignoreIllegals?: boolean } = {}): string {
  const html = options.language ? hljs.highlight(code, { language: options.language, ignoreIllegals: options.ignoreIllegals ?? true }).value : hljs.highlightAuto(code).value;
  return htmlToAnsi(html, theme(chalk));
}
