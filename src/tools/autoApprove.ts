// What `venice.tools.autoApprove` may cover: an allow-list. No `vscode` import.
//
// A write skips the approval card only when it goes to an ordinary source or text file: a known
// source extension, no dot-file or dot-folder at any depth (in the workspace or around it), no
// tool configuration, not the user's home folder or a dotfiles folder, nothing inside VS Code's
// own folders. Everything else still works but always asks. A deny-list can never be complete
// (every build tool, linter and CI has its own file that runs code), so the default is "ask".
import * as path from 'node:path';
import type { GuardedPath } from './pathGuard';
import { foldSegments, sensitiveWriteReason } from './sensitive';

/** Extensions of ordinary source, markup and text files. Config formats (json, yaml, toml, xml) and shell scripts are left out on purpose. */
const SOURCE_EXTENSIONS = new Set([
  'ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'vue', 'svelte', 'astro',
  'py', 'pyi', 'rb', 'go', 'rs', 'java', 'kt', 'scala', 'swift', 'dart', 'php', 'lua', 'r', 'jl', 'zig', 'nim',
  'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'hh', 'hxx', 'm', 'mm', 'cs', 'fs', 'ex', 'exs', 'erl', 'hs', 'ml', 'clj', 'elm',
  'html', 'htm', 'css', 'scss', 'sass', 'less', 'sql', 'graphql', 'gql', 'proto',
  'md', 'mdx', 'markdown', 'txt', 'rst', 'adoc', 'tex', 'csv', 'tsv',
  'png', 'jpg', 'jpeg', 'webp', 'gif',
]);

/** Source-looking files that other AI agents read as instructions (a persistent prompt injection). */
const AGENT_INSTRUCTIONS = new Set(['agents.md', 'claude.md', 'gemini.md', 'copilot-instructions.md']);

/** Why this workspace-relative path is not an ordinary source file that auto-approve may write, if it is not. */
export function autoApproveRefusal(relative: string): string | undefined {
  const segments = foldSegments(relative);
  if (!segments.length) return 'it names no file';
  const name = segments[segments.length - 1];
  if (segments.some((s) => s.startsWith('.'))) return `${relative} is a dot-file or inside a dot-folder`;
  if (sensitiveWriteReason(relative)) return `${relative} is a sensitive file`;
  if (AGENT_INSTRUCTIONS.has(name)) return `${name} holds instructions for AI agents`;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1) : '';
  if (!SOURCE_EXTENSIONS.has(ext)) return `${name} is not an ordinary source file (only files such as .ts, .py or .md are auto-approved)`;
  return undefined;
}

/** Where the write lands, as far as the write rules care. */
export interface WriteEnvironment {
  /** Real paths of VS Code's own folders: user data, extensions, the application. */
  editorFolders: readonly string[];
  /** Real path of the user's home folder. */
  home: string;
}

/** What a changing tool puts on its approval ask for one path. */
export interface WriteGuard {
  /** Shown on the card; the write always asks (sensitive path, hard link). */
  warning?: string;
  /** The write always asks, but it is not alarming: why auto-approve does not cover it. */
  alwaysAsk?: string;
}

function within(child: string, parent: string): boolean {
  const rel = path.relative(parent.toLowerCase(), child.toLowerCase());
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** The root's real path, from a guarded path's real location and its relative part. */
function realRootOf(p: GuardedPath): string {
  const up = p.realRelative === '' ? 0 : p.realRelative.split('/').length;
  return path.resolve(p.real, ...Array<string>(up).fill('..'));
}

/** The write rules for one checked workspace path. */
export function writeGuardFor(p: GuardedPath, env: WriteEnvironment): WriteGuard {
  const editorFolder = env.editorFolders.find((f) => within(p.real, f) || within(p.absolute, f));
  if (editorFolder) return { warning: `Sensitive file: ${p.relative} is inside VS Code's own folder ${editorFolder}; changing it changes the editor or its extensions.` };
  // Absolute paths too: a workspace folder that is itself .vscode or .git (or sits inside one) stays sensitive.
  const reason = sensitiveWriteReason(p.relative) ?? sensitiveWriteReason(p.realRelative) ?? sensitiveWriteReason(p.absolute) ?? sensitiveWriteReason(p.real);
  if (reason) return { warning: `Sensitive file: ${reason}.` };
  if (p.exists && !p.isDirectory && p.links > 1) return { warning: 'This file has other hard links: changing it also changes them.' };

  const root = realRootOf(p);
  const refusal = autoApproveRefusal(p.relative) ?? autoApproveRefusal(p.realRelative);
  if (refusal) return { alwaysAsk: refusal };
  if (within(env.home, root)) return { alwaysAsk: 'the workspace is your home folder (or contains it), where files configure your programs' };
  const rootSegments = foldSegments(root);
  if (rootSegments.some((s) => s.startsWith('.') || s === 'dotfiles')) return { alwaysAsk: 'the workspace folder is a dot-folder or a dotfiles folder' };
  return {};
}
