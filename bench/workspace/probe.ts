// Bundled by bench/workspace/run.ts and loaded into the real extension host through the test bridge:
// the product's tool host (src/tools, a second copy of it as the integration tests use) and its
// semantic-index file listing, timed inside the extension host so the figures leave out the bridge.
import * as vscode from 'vscode';
import { WorkspaceFileSource } from '../../src/semantic/workspaceSource';
import { createToolHost } from '../../src/tools';
import type { ToolHost } from '../../src/tools/types';

let host: ToolHost | undefined;
let seq = 0;

export interface TimedCall {
  ms: number;
  ok: boolean;
  content: string;
  summary?: string;
}

/** Runs one tool call as the chat does (read-only tools never ask; an approval would be refused). */
export async function runTool(name: string, args: unknown): Promise<TimedCall> {
  host ??= createToolHost([], []);
  const t0 = performance.now();
  const out = await host.run(
    { id: `bench_${++seq}`, name, arguments: JSON.stringify(args) },
    { signal: new AbortController().signal, requestApproval: async () => false },
  );
  return { ms: performance.now() - t0, ok: out.ok, content: out.content, summary: out.summary };
}

/** The semantic index's file listing (findFiles, .gitignore, stat of every file), as a full scan starts. */
export async function listForIndex(): Promise<{ ms: number; files: number; hitLimit: boolean }> {
  const t0 = performance.now();
  const r = await new WorkspaceFileSource().list(new AbortController().signal);
  return { ms: performance.now() - t0, files: r.files.length, hitLimit: r.hitLimit };
}

/** The watcher's listing of one changed file (findFiles with its literal path, then a stat), before it is re-embedded. */
export async function listOneForIndex(label: string): Promise<{ ms: number; found: boolean }> {
  const source = new WorkspaceFileSource();
  const t0 = performance.now();
  const r = await source.listSome([label], new AbortController().signal);
  return { ms: performance.now() - t0, found: (r ?? []).some((f) => f.key === label) };
}

/** VS Code's findFiles alone (what the tools' listing starts with), for the breakdown. */
export async function findFilesOnly(glob: string, max: number): Promise<{ ms: number; files: number }> {
  const t0 = performance.now();
  const found = await vscode.workspace.findFiles(glob, undefined, max);
  return { ms: performance.now() - t0, files: found.length };
}
