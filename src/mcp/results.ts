// An MCP tool result (untrusted: the server chose every byte) as the text of one `tool` message.
// Text parts are kept; images and audio become a line naming their type and size (Venice's tool
// messages carry text); embedded text resources are kept with their URI, binary ones named;
// resource links are listed. The whole is capped, with a note saying how much was cut.
// No `vscode` import.
import { asRecord, isRecord } from '../util/guards';
import { oneLine } from '../util/text';

/** The most text one MCP result gives the model. */
export const MAX_RESULT_CHARS = 40_000;

export interface ConvertedResult {
  ok: boolean;
  content: string;
  /** Characters left out by the cap. */
  cutChars: number;
}

function base64Bytes(data: unknown): number {
  return typeof data === 'string' ? Math.floor((data.replace(/=+$/, '').length * 3) / 4) : 0;
}

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

function short(value: unknown, max = 200): string {
  return oneLine(typeof value === 'string' ? value : '', { maxLength: max, stripInvisible: true });
}

function part(item: unknown): string {
  const p = asRecord(item);
  if (!p) return '';
  switch (p.type) {
    case 'text':
      return typeof p.text === 'string' ? p.text : '';
    case 'image':
    case 'audio':
      return `[${p.type} ${short(p.mimeType, 60) || 'of unknown type'}, ${sizeLabel(base64Bytes(p.data))}: not shown to the model]`;
    case 'resource': {
      const r = asRecord(p.resource);
      if (!r) return '';
      const uri = short(r.uri);
      if (typeof r.text === 'string') return `[resource ${uri}]\n${r.text}`;
      return `[resource ${uri} (${short(r.mimeType, 60) || 'binary'}, ${sizeLabel(base64Bytes(r.blob))}): not shown to the model]`;
    }
    case 'resource_link':
      return `[link to resource ${short(p.uri)}${p.name ? ` "${short(p.name, 80)}"` : ''}]`;
    default:
      return `[a result part of type ${short(String(p.type), 40)} was left out]`;
  }
}

/** The text of one tools/call result; `isError` results are failures the model reads. */
export function convertResult(result: unknown): ConvertedResult {
  const r = asRecord(result) ?? {};
  const parts = Array.isArray(r.content) ? r.content.map(part).filter((t) => t.length > 0) : [];
  // A server that answers only with structured content: show that.
  if (parts.length === 0 && isRecord(r.structuredContent)) parts.push(JSON.stringify(r.structuredContent));
  const text = parts.join('\n\n') || '(the tool returned no content)';
  const cutChars = Math.max(0, text.length - MAX_RESULT_CHARS);
  const content = cutChars > 0 ? `${text.slice(0, MAX_RESULT_CHARS)}\n[result cut: ${cutChars} more characters were left out]` : text;
  return { ok: r.isError !== true, content, cutChars };
}
