// VS Code language-model messages -> Venice chat messages. No `vscode` import: parts are read by
// their shape (text, tool call, tool result, data), so this is tested in plain Node and keeps
// working when VS Code adds part classes that share these shapes.
import { isRecord } from '../util/guards';
import type { ChatMessage, ToolCall, UserContentPart } from '../venice/types';

export type PortableRole = 'system' | 'user' | 'assistant';

export type PortablePart =
  | { kind: 'text'; text: string }
  | { kind: 'toolCall'; callId: string; name: string; input: unknown }
  | { kind: 'toolResult'; callId: string; content: PortablePart[] }
  | { kind: 'data'; mimeType: string; data: Uint8Array };

export interface PortableMessage {
  role: PortableRole;
  parts: PortablePart[];
}

export interface MappingOptions {
  /** The model reads images (`supportsVision`). */
  vision: boolean;
  /** The name the API sees for a VS Code tool name (see ToolNames). */
  apiToolName?: (name: string) => string;
}

/** VS Code marks prompt-cache breakpoints with data parts of this type; they carry no content. */
const CACHE_CONTROL_MIME = 'cache_control';

export const IMAGE_NOT_SUPPORTED_NOTE = '[An image was attached here, but this model cannot read images.]';

function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array || (isRecord(v) && typeof v.byteLength === 'number' && ArrayBuffer.isView(v));
}

/**
 * Classifies one content part by shape:
 * tool call `{callId, name, input}`, tool result `{callId, content[]}`, data `{mimeType, data}`,
 * text `{value: string}`; a prompt-tsx part inside a tool result (`{value: object}`) becomes JSON text.
 * Anything else is dropped.
 */
export function classifyPart(part: unknown, insideToolResult = false): PortablePart | undefined {
  if (!isRecord(part)) return undefined;
  if (typeof part.callId === 'string' && typeof part.name === 'string' && 'input' in part) {
    return { kind: 'toolCall', callId: part.callId, name: part.name, input: part.input };
  }
  if (typeof part.callId === 'string' && Array.isArray(part.content)) {
    const content: PortablePart[] = [];
    for (const p of part.content) {
      const c = classifyPart(p, true);
      if (c && c.kind !== 'toolCall' && c.kind !== 'toolResult') content.push(c);
    }
    return { kind: 'toolResult', callId: part.callId, content };
  }
  if (typeof part.mimeType === 'string' && isBytes(part.data)) {
    return { kind: 'data', mimeType: part.mimeType.toLowerCase(), data: part.data };
  }
  if (typeof part.value === 'string') return { kind: 'text', text: part.value };
  if (insideToolResult && 'value' in part && part.value !== undefined) {
    try {
      const json = JSON.stringify(part.value);
      if (json !== undefined) return { kind: 'text', text: json };
    } catch {
      // A value that cannot be serialised carries nothing the model could read.
    }
  }
  return undefined;
}

function isTextMime(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/json' || mime.endsWith('+json') || mime === 'application/xml';
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** What a data part says to a model that only reads text. */
function dataAsText(part: { mimeType: string; data: Uint8Array }): string | undefined {
  if (part.mimeType === CACHE_CONTROL_MIME) return undefined;
  if (isTextMime(part.mimeType)) return decodeText(part.data);
  if (part.mimeType.startsWith('image/')) return IMAGE_NOT_SUPPORTED_NOTE;
  return `[An attachment of type ${part.mimeType} was left out: this model only reads text.]`;
}

/** The text a tool result gives back to the model (tool messages carry a string). */
export function toolResultText(content: readonly PortablePart[]): string {
  const out: string[] = [];
  for (const p of content) {
    if (p.kind === 'text') out.push(p.text);
    else if (p.kind === 'data') {
      const t = p.mimeType.startsWith('image/') ? '[The tool returned an image, which cannot be passed on here.]' : dataAsText(p);
      if (t !== undefined) out.push(t);
    }
  }
  return out.join('');
}

function stringifyInput(input: unknown): string {
  if (input === undefined || input === null) return '{}';
  try {
    return JSON.stringify(input) ?? '{}';
  } catch {
    return '{}';
  }
}

function userMessage(parts: readonly PortablePart[], vision: boolean): ChatMessage | undefined {
  const content: UserContentPart[] = [];
  let hasImage = false;
  const pushText = (text: string): void => {
    const last = content[content.length - 1];
    if (last?.type === 'text') last.text += text;
    else content.push({ type: 'text', text });
  };
  for (const p of parts) {
    if (p.kind === 'text') pushText(p.text);
    else if (p.kind === 'data') {
      if (vision && p.mimeType.startsWith('image/')) {
        hasImage = true;
        content.push({ type: 'image_url', image_url: { url: `data:${p.mimeType};base64,${base64(p.data)}` } });
      } else {
        const t = dataAsText(p);
        if (t !== undefined) pushText(t);
      }
    }
  }
  const nonEmpty = content.filter((c) => c.type !== 'text' || c.text.length > 0);
  if (nonEmpty.length === 0) return undefined;
  if (!hasImage) return { role: 'user', content: nonEmpty.map((c) => (c.type === 'text' ? c.text : '')).join('') };
  return { role: 'user', content: nonEmpty };
}

/**
 * Maps VS Code's conversation to Venice's. Tool results (which VS Code puts in user messages)
 * become `tool` messages placed before the rest of that user message, as the API requires them
 * to follow the assistant turn that asked for them.
 */
export function toVeniceMessages(messages: readonly PortableMessage[], options: MappingOptions): ChatMessage[] {
  const apiName = options.apiToolName ?? ((n: string) => n);
  const out: ChatMessage[] = [];
  for (const m of messages) {
    if (m.role === 'system') {
      const text = m.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
      if (text.trim()) out.push({ role: 'system', content: text });
      continue;
    }
    if (m.role === 'assistant') {
      const text = m.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
      const calls: ToolCall[] = [];
      for (const p of m.parts) {
        if (p.kind === 'toolCall') calls.push({ id: p.callId, type: 'function', function: { name: apiName(p.name), arguments: stringifyInput(p.input) } });
      }
      if (calls.length) out.push({ role: 'assistant', content: text || null, tool_calls: calls });
      else if (text) out.push({ role: 'assistant', content: text });
      continue;
    }
    for (const p of m.parts) {
      if (p.kind === 'toolResult') out.push({ role: 'tool', tool_call_id: p.callId, content: toolResultText(p.content) });
    }
    const user = userMessage(m.parts, options.vision);
    if (user) out.push(user);
  }
  return out;
}
