// "@" mentions in the chat input: typing "@" at the start of a word opens a listbox labelled
// "Mentions" (file, selection, problems, terminal, git, url). Typing filters it; ArrowUp/ArrowDown move,
// Enter or Tab picks, Escape closes. Picking "file" turns the word into "@file:" and lists workspace
// files matching what follows (the host ranks them); picking "url" waits for an address after "@url:".
// A picked mention leaves the text and becomes a chip: the host reads the content, never the webview.
// Focus stays in the input the whole time (aria-activedescendant points at the highlighted option).
import type { ContextKind, ToHost } from '../../src/shared/protocol';
import { MAX_MENTION_QUERY_CHARS } from '../../src/shared/protocol';
import { clear, h, icon } from './dom';

interface MentionSource {
  kind: ContextKind;
  description: string;
  codicon: string;
}

export const MENTION_SOURCES: readonly MentionSource[] = [
  { kind: 'file', description: 'A workspace file', codicon: 'file' },
  { kind: 'selection', description: 'The selection in the editor', codicon: 'selection' },
  { kind: 'problems', description: 'Problems VS Code reports', codicon: 'warning' },
  { kind: 'terminal', description: 'The last terminal output', codicon: 'terminal' },
  { kind: 'git', description: 'Uncommitted changes (git diff)', codicon: 'git-compare' },
  { kind: 'url', description: 'A web page, as Markdown', codicon: 'globe' },
];

/** The "@word" just before the caret: where it starts and what follows the "@". */
interface Token {
  start: number;
  end: number;
  text: string;
}

interface Option {
  label: string;
  description: string;
  codicon: string;
  pick(): void;
}

/** The "@…" word that ends at the caret, if the caret is in one (it starts a line or follows a space). */
export function mentionTokenAt(value: string, caret: number): Token | undefined {
  const before = value.slice(0, caret);
  const m = /(^|\s)@(\S{0,2048})$/.exec(before);
  if (!m) return undefined;
  const start = caret - m[2].length - 1;
  return { start, end: caret, text: m[2] };
}

export class MentionMenu {
  readonly el: HTMLUListElement;
  private options: Option[] = [];
  private active = 0;
  private token: Token | undefined;
  /** The "@file:" query the list shows results for (the host answers asynchronously). */
  private fileQuery: string | undefined;
  /** What the open list shows: the sources, workspace files, or the address to fetch. */
  private mode: 'sources' | 'files' | 'url' = 'sources';
  private fileTimer: ReturnType<typeof setTimeout> | undefined;
  private static nextId = 0;
  private readonly idPrefix = `mention-${MentionMenu.nextId++}`;

  constructor(
    private readonly doc: Document,
    private readonly input: HTMLTextAreaElement,
    private readonly post: (m: ToHost) => void,
  ) {
    this.el = h(doc, 'ul', { className: 'mention-list', role: 'listbox', 'aria-label': 'Mentions', id: `${this.idPrefix}-list`, hidden: true });
    // Clicking an option must not take focus from the input.
    this.el.addEventListener('mousedown', (e) => e.preventDefault());
    input.setAttribute('aria-controls', this.el.id);
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.addEventListener('blur', () => this.close());
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  /** Re-reads the word at the caret after each input (and caret move). */
  update(): void {
    const token = mentionTokenAt(this.input.value, this.input.selectionStart ?? this.input.value.length);
    this.token = token;
    if (!token) return this.close();
    const fileMatch = /^file:(.*)$/i.exec(token.text);
    if (fileMatch) return this.askFiles(fileMatch[1]);
    const urlMatch = /^url:(.*)$/i.exec(token.text);
    if (urlMatch) return this.showUrl(urlMatch[1]);
    this.mode = 'sources';
    const typed = token.text.toLowerCase();
    const sources = MENTION_SOURCES.filter((s) => s.kind.startsWith(typed));
    this.show(
      sources.map((s) => ({
        label: `@${s.kind}`,
        description: s.description,
        codicon: s.codicon,
        pick: () => (s.kind === 'file' || s.kind === 'url' ? this.replaceToken(`@${s.kind}:`) : this.pickMention(s.kind)),
      })),
      'No such mention. Try file, selection, problems, terminal, git or url.',
    );
  }

  /** The host's answer to an "@file:" query; stale answers (the user typed on) are dropped. */
  setFiles(query: string, files: readonly string[]): void {
    if (query !== this.fileQuery || !this.token) return;
    this.show(
      files.map((path) => {
        const slash = path.lastIndexOf('/');
        return { label: path.slice(slash + 1), description: slash === -1 ? '' : path.slice(0, slash), codicon: 'file', pick: () => this.pickMention('file', path) };
      }),
      query ? `No workspace file matches “${query}”.` : 'No files in the workspace.',
    );
  }

  /** Keys while the list is open; true when the key was the menu's. */
  handleKey(e: KeyboardEvent): boolean {
    if (!this.isOpen) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (this.options.length) this.setActive((this.active + (e.key === 'ArrowDown' ? 1 : -1) + this.options.length) % this.options.length);
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && !e.isComposing) {
      const option = this.options[this.active];
      if (!option) return false;
      option.pick();
    } else if (e.key === 'Escape') {
      this.close();
    } else {
      return false;
    }
    e.preventDefault();
    e.stopPropagation();
    return true;
  }

  close(): void {
    this.el.hidden = true;
    this.options = [];
    this.fileQuery = undefined;
    this.mode = 'sources';
    if (this.fileTimer !== undefined) clearTimeout(this.fileTimer);
    this.fileTimer = undefined;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  private askFiles(query: string): void {
    const q = query.slice(0, MAX_MENTION_QUERY_CHARS);
    if (q === this.fileQuery) return;
    this.fileQuery = q;
    if (this.mode !== 'files' || !this.isOpen) this.show([], 'Listing workspace files…');
    this.mode = 'files';
    // One request per pause in typing, not per key.
    if (this.fileTimer !== undefined) clearTimeout(this.fileTimer);
    this.fileTimer = setTimeout(() => {
      this.fileTimer = undefined;
      this.post({ type: 'mentionFiles', query: q });
    }, 60);
  }

  private showUrl(address: string): void {
    this.mode = 'url';
    const a = address.trim();
    const valid = /^https?:\/\/\S+$/i.test(a);
    this.show(
      valid ? [{ label: `Fetch ${a}`, description: 'through Venice, as Markdown', codicon: 'globe', pick: () => this.pickMention('url', a) }] : [],
      'Type or paste a web address (https://…), then press Enter.',
    );
  }

  private show(options: Option[], emptyText: string): void {
    this.options = options;
    clear(this.el);
    if (!options.length) {
      this.el.append(h(this.doc, 'li', { className: 'mention-empty', role: 'presentation', text: emptyText }));
    }
    options.forEach((o, i) => {
      const li = h(
        this.doc,
        'li',
        { className: 'mention-option', role: 'option', id: `${this.idPrefix}-${i}`, 'aria-selected': 'false' },
        icon(this.doc, o.codicon),
        h(this.doc, 'span', { className: 'mention-label', text: o.label }),
        o.description ? h(this.doc, 'span', { className: 'mention-description', text: o.description }) : undefined,
      );
      li.addEventListener('click', () => o.pick());
      this.el.append(li);
    });
    this.el.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.setActive(Math.min(this.active, Math.max(0, options.length - 1)));
  }

  private setActive(i: number): void {
    this.active = i;
    const items = this.el.querySelectorAll<HTMLElement>('[role="option"]');
    items.forEach((li, j) => li.setAttribute('aria-selected', j === i ? 'true' : 'false'));
    const current = items[i];
    if (current) {
      this.input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView?.({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  /** Puts `text` in place of the "@…" word and re-reads it (opens the file list or the address prompt). */
  private replaceToken(text: string): void {
    if (!this.token) return;
    const { start, end } = this.token;
    this.input.setRangeText(text, start, end, 'end');
    // The document's own Event constructor (the webview's window; a test's JSDOM window).
    const EventOf = this.doc.defaultView?.Event ?? Event;
    this.input.dispatchEvent(new EventOf('input', { bubbles: true }));
  }

  /** The mention leaves the text (it becomes a chip) and the host is asked to attach it. */
  private pickMention(kind: ContextKind, value?: string): void {
    this.replaceToken('');
    this.close();
    this.post(value === undefined ? { type: 'addMention', kind } : { type: 'addMention', kind, value });
  }
}
