// Text helpers for @venice: Markdown escaping of untrusted strings, citation lists, the /character
// argument, and context blocks. No `vscode` import.
import { oneLine } from '../util/text';
import type { Citation } from '../venice/types';
import { usageParts, type UsageFigures } from '../shared/usageText';

/** Escapes Markdown so a title or description from the API shows as plain text (no links, no HTML). */
export function escapeMarkdown(text: string, max = 200): string {
  const clean = oneLine(text, { maxLength: max });
  return clean.replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, (c) => `\\${c}`);
}

export interface SourceLink {
  url: string;
  title: string;
}

export const MAX_SOURCES = 10;

/** Web-search citations that are safe to show as links: http(s) only, each URL once. */
export function sourceLinks(citations: readonly Citation[], max = MAX_SOURCES): SourceLink[] {
  const out: SourceLink[] = [];
  const seen = new Set<string>();
  for (const c of citations) {
    if (typeof c?.url !== 'string') continue;
    let url: URL;
    try {
      url = new URL(c.url.trim());
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    if (url.username || url.password) continue;
    const href = url.toString();
    if (seen.has(href)) continue;
    seen.add(href);
    const title = typeof c.title === 'string' && c.title.trim() ? c.title : url.hostname;
    out.push({ url: href, title });
    if (out.length >= max) break;
  }
  return out;
}

/**
 * A numbered "Sources" list. Numbers follow the order Venice gave, which its inline `^n^` markers
 * refer to. The URL goes inside <…> so no character in it can end the link early.
 */
export function sourcesMarkdown(links: readonly SourceLink[]): string {
  if (!links.length) return '';
  const lines = links.map((l, i) => `${i + 1}. [${escapeMarkdown(l.title, 120)}](<${l.url.replace(/[<>\s]/g, encodeURIComponent)}>)`);
  return `\n\n**Sources**\n\n${lines.join('\n')}\n`;
}

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export type CharacterArgs =
  | { kind: 'list' }
  | { kind: 'ask'; slug: string; question: string }
  | { kind: 'invalid'; given: string };

/** `/character` → list; `/character slug question…` → ask that character. */
export function parseCharacterArgs(prompt: string): CharacterArgs {
  const trimmed = prompt.trim();
  if (!trimmed) return { kind: 'list' };
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  const slug = match?.[1] ?? '';
  if (!SLUG.test(slug)) return { kind: 'invalid', given: slug.slice(0, 60) };
  return { kind: 'ask', slug, question: (match?.[2] ?? '').trim() };
}

/** A fence longer than any run of backticks in the content, so the content cannot close it. */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const m of content.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export interface ContextBlock {
  /** Workspace-relative path or a short name. */
  label: string;
  content: string;
  languageId?: string;
  /** 1-based inclusive lines, when only part of a file is included. */
  startLine?: number;
  endLine?: number;
}

export function formatContextBlock(b: ContextBlock): string {
  const range = b.startLine !== undefined && b.endLine !== undefined ? ` (lines ${b.startLine}-${b.endLine})` : '';
  const fence = fenceFor(b.content);
  return `Context from \`${b.label.replace(/`/g, "'")}\`${range}:\n\n${fence}${b.languageId ?? ''}\n${b.content}\n${fence}`;
}

/** The user's question followed by the files and selections they referenced. */
export function withContext(question: string, blocks: readonly ContextBlock[]): string {
  if (!blocks.length) return question;
  const parts = blocks.map(formatContextBlock);
  return question.trim() ? `${question}\n\n${parts.join('\n\n')}` : parts.join('\n\n');
}

export interface HistoryTurn {
  role: 'user' | 'assistant';
  text: string;
}


/**
 * The quiet closing line of an answer: the model, its tokens and cost as the chat view's answer
 * footer shows them (src/shared/usageText.ts), in italics. "$" is escaped too: VS Code's chat may
 * render "$…$" as math.
 */
export function usageFooter(model: string | undefined, usage: UsageFigures | undefined): string {
  if (!usage) return '';
  const parts = [...(model ? [model] : []), ...usageParts(usage)].map((p) => escapeMarkdown(p, 120).replace(/\$/g, '\\$'));
  return `\n\n*${parts.join(' · ')}*`;
}
