// A conversation as a Markdown document (for "Export to Markdown"). Answers are already Markdown and
// are copied as they are, except images (written as links, as the chat view shows them); everything
// else (titles, tool output, sources) is escaped or fenced so it cannot change the structure of the export.
import { imagesToLinks } from '../shared/markdownImages';
import { formatAttachment } from './history';
import type { AssistantEntry, Conversation, UserEntry } from './model';

function escapeInline(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~-]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}

function fenced(text: string, lang = ''): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text}\n${fence}`;
}

function quoted(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

const STATE_NOTES: Partial<Record<AssistantEntry['state'], string>> = {
  stopped: '_Stopped by the user._',
  interrupted: '_Interrupted: this answer is incomplete._',
  error: '_The answer failed._',
};

function user(e: UserEntry): string {
  const parts = ['## You', '', e.text];
  for (const a of e.attachments) parts.push('', formatAttachment(a));
  return parts.join('\n');
}

function assistant(e: AssistantEntry): string {
  const parts = [`## Venice${e.model ? ` (${escapeInline(e.model)})` : ''}`];
  for (const note of e.notes) parts.push('', `_${escapeInline(note)}_`);
  for (const r of e.rounds) {
    if (r.reasoning.trim()) parts.push('', '<details><summary>Thinking</summary>', '', fenced(r.reasoning, 'text'), '', '</details>');
    if (r.text.trim()) parts.push('', imagesToLinks(r.text)); // images as the chat view shows them: never loaded
    for (const c of r.toolCalls) {
      parts.push('', `- Tool \`${c.name.replace(/`/g, '')}\` (${c.status})${c.summary ? `: ${escapeInline(c.summary)}` : ''}`);
      parts.push('', fenced(c.arguments || '{}', 'json'));
    }
  }
  if (e.citations.length > 0) {
    parts.push('', '**Sources**', '');
    e.citations.forEach((c, i) => parts.push(`${i + 1}. ${escapeInline(c.title)} — <${c.url.replace(/[<>\s]/g, encodeURIComponent)}>`));
  }
  if (e.error) parts.push('', quoted(`**Error:** ${escapeInline(e.error.message)}`));
  const stateNote = STATE_NOTES[e.state];
  if (stateNote) parts.push('', stateNote);
  if (e.usage) {
    const cost = e.usage.costUsd !== undefined ? `, $${e.usage.costUsd.toFixed(4)}` : '';
    parts.push('', `_${e.usage.promptTokens} tokens in, ${e.usage.completionTokens} out${cost}_`);
  }
  return parts.join('\n');
}

export function conversationToMarkdown(c: Conversation, exportedAt: Date): string {
  const head = [`# ${escapeInline(c.title)}`, '', `_Exported from Venice AI for VS Code on ${exportedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC._`];
  const body = c.entries.map((e) => (e.role === 'user' ? user(e) : assistant(e)));
  return [...head, ...body].join('\n\n') + '\n';
}
