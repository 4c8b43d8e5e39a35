// Text as it should be spoken. Markdown (chat answers, .md files) loses its markup: headings,
// emphasis, links and list markers are dropped, link and image text is kept, and code is read as
// the text it is. Invisible characters (bidi overrides, zero-width, Unicode tags) never reach the
// voice. No `vscode` import: unit-tested in plain Node.
import type MarkdownIt from 'markdown-it';
import { lazyMarkdownIt } from '../util/lazyMarkdownIt';

type Token = ReturnType<MarkdownIt['parse']>[number];

const md = lazyMarkdownIt({ html: true, linkify: false, typographer: false });

// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|\udb40[\udc00-\udc7f]/g;

/** Removes characters that are not meant to be heard, and tidies spaces and blank lines. */
export function cleanForSpeech(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(/\t/g, ' ')
    .replace(/[ \u00a0]+/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Text of inline HTML without its tags (`<b>x</b>` → `x`); comments disappear. */
function htmlText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function inlineText(children: Token[] | null): string {
  let out = '';
  for (const t of children ?? []) {
    switch (t.type) {
      case 'text':
      case 'code_inline':
        out += t.content;
        break;
      case 'softbreak':
        out += ' ';
        break;
      case 'hardbreak':
        out += '\n';
        break;
      case 'image':
        // The alt text is the image's words; markdown-it keeps it in the children.
        out += inlineText(t.children);
        break;
      case 'html_inline':
        if (/^<br\s*\/?>$/i.test(t.content)) out += '\n';
        break;
      default:
        break; // em/strong/link/s markers: the text between them is read.
    }
  }
  return out;
}

/** Ends a heading or list item with a pause, unless it already ends with punctuation. */
function withPause(text: string): string {
  const t = text.trim();
  if (!t) return '';
  return /[.!?:;…。！？]$/.test(t) ? t : `${t}.`;
}

/** Markdown → plain speakable text. */
export function markdownToSpeech(markdown: string): string {
  const tokens = md().parse(markdown, {});
  const blocks: string[] = [];
  let inHeading = false;
  let inListItem = 0;
  let inTableCell = false;
  let row: string[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'heading_open':
        inHeading = true;
        break;
      case 'heading_close':
        inHeading = false;
        break;
      case 'list_item_open':
        inListItem++;
        break;
      case 'list_item_close':
        inListItem--;
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        if (row.length) blocks.push(withPause(row.join(', ')));
        break;
      case 'th_open':
      case 'td_open':
        inTableCell = true;
        break;
      case 'th_close':
      case 'td_close':
        inTableCell = false;
        break;
      case 'inline': {
        const text = inlineText(t.children);
        if (inTableCell) {
          if (text.trim()) row.push(text.trim());
        } else if (inHeading || inListItem > 0) {
          blocks.push(withPause(text));
        } else {
          blocks.push(text);
        }
        break;
      }
      case 'fence':
      case 'code_block':
        blocks.push(t.content);
        break;
      case 'html_block':
        blocks.push(htmlText(t.content));
        break;
      default:
        break;
    }
  }
  return cleanForSpeech(blocks.filter((b) => b.trim()).join('\n\n'));
}

/** Chooses how to read a text: Markdown and plain text lose their markup; source code is read as is. */
export function speakableText(text: string, languageId: string | undefined): string {
  const markdownLike = languageId === undefined || languageId === 'markdown' || languageId === 'plaintext' || languageId === 'mdx';
  return markdownLike ? markdownToSpeech(text) : cleanForSpeech(text);
}
