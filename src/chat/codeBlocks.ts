// Finds the code blocks of an answer in the host's own copy of its text, in the same order the
// webview shows them (both use markdown-it's block parser). The webview's code block buttons send
// only (message id, index): the code that reaches the editor always comes from here, never from
// the webview.
import { lazyMarkdownIt } from '../util/lazyMarkdownIt';
import type { AssistantEntry } from './model';

export interface CodeBlock {
  code: string;
  /** The fence's info word ("ts", "python"…), '' when none. */
  language: string;
}

const md = lazyMarkdownIt({ html: false });

export function codeBlocksIn(markdown: string): CodeBlock[] {
  const out: CodeBlock[] = [];
  for (const t of md().parse(markdown, {})) {
    if (t.type === 'fence') out.push({ code: t.content, language: t.info.trim().split(/\s+/)[0] ?? '' });
    else if (t.type === 'code_block') out.push({ code: t.content, language: '' });
  }
  return out;
}

export function codeBlocksOf(entry: AssistantEntry): CodeBlock[] {
  return entry.rounds.flatMap((r) => codeBlocksIn(r.text));
}

/** Fence names models use -> VS Code language ids (unknown names fall back to the name itself). */
const LANGUAGE_IDS: Record<string, string> = {
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascriptreact',
  ts: 'typescript',
  tsx: 'typescriptreact',
  py: 'python',
  python3: 'python',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  shell: 'shellscript',
  console: 'shellscript',
  ps1: 'powershell',
  pwsh: 'powershell',
  yml: 'yaml',
  md: 'markdown',
  rs: 'rust',
  golang: 'go',
  'c++': 'cpp',
  cc: 'cpp',
  hpp: 'cpp',
  h: 'c',
  cs: 'csharp',
  'c#': 'csharp',
  kt: 'kotlin',
  rb: 'ruby',
  html: 'html',
  xml: 'xml',
  svg: 'xml',
  json5: 'jsonc',
  dockerfile: 'dockerfile',
  docker: 'dockerfile',
  text: 'plaintext',
  txt: 'plaintext',
  plain: 'plaintext',
};

export function languageIdFor(fence: string): string {
  const key = fence.toLowerCase();
  if (!key) return 'plaintext';
  return LANGUAGE_IDS[key] ?? key;
}
