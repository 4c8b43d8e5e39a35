// Texts of semantic search and the search_codebase tool: the estimate before the first run, the
// summary after it, the tool's answer (ranked, bounded), and the tool's answer when there is no index.
import * as assert from 'node:assert/strict';
import { estimateText, hitsForTool, NO_INDEX_TEXT, reportText, snippetOf, type IndexReport, type SemanticHit } from '../../../src/semantic/format';
import type { ScanResult } from '../../../src/semantic/indexer';
import { createDispatcher } from '../../../src/tools/dispatcher';
import { searchCodebaseTool, type CodebaseSearcher } from '../../../src/semantic/tool';

function scan(over: Partial<ScanResult> = {}): ScanResult {
  return {
    model: 'text-embedding-bge-m3',
    changed: [{ file: { key: 'a.ts', size: 10, mtimeMs: 1 }, chunks: 3, tokens: 900 }],
    touched: [],
    unchanged: 0,
    removed: [],
    skipped: { binary: 2, large: 1, unreadable: 0 },
    totalFiles: 1,
    chunks: 3,
    tokens: 12_345,
    hitLimit: false,
    rebuild: false,
    ...over,
  };
}

const report = (over: Partial<IndexReport> = {}): IndexReport => ({
  model: 'm',
  files: 12,
  chunks: 40,
  embeddedFiles: 12,
  embeddedChunks: 40,
  removedFiles: 0,
  unchangedFiles: 0,
  skipped: { binary: 0, large: 0, unreadable: 0 },
  tokens: 9000,
  durationMs: 1234,
  cancelled: false,
  hitLimit: false,
  ...over,
});

describe('venice-only semantic: texts', () => {
  it('estimates files, chunks, tokens and cost, and says what is sent where', () => {
    const { message, detail } = estimateText(scan(), 10_000, 0.15);
    assert.equal(message, 'Index 1 file for semantic search? 3 chunks, about 12k tokens (less than $0.01).');
    assert.match(detail, /sent to Venice \(text-embedding-bge-m3\)/);
    assert.match(detail, /stored in VS Code's storage for this workspace, not in the workspace itself/);
    assert.match(detail, /\.gitignore, files\.exclude or search\.exclude, files that may hold secrets/);
    assert.match(detail, /3 binary, large or unreadable files skipped/);
    assert.match(estimateText(scan({ tokens: 20_000_000, hitLimit: true }), 10_000, 0.15).message, /about 20M tokens \(about \$3\.00\)/);
    assert.match(estimateText(scan({ hitLimit: true }), 10_000).detail, /Only the first 10,000 files/);
    assert.doesNotMatch(estimateText(scan(), 10_000).message, /\$/, 'no price when Venice lists none');
  });

  it('summarises a run: ready, up to date, stopped, failed', () => {
    assert.equal(reportText(report()), 'Venice: semantic index ready: 12 files, 40 chunks; embedded 12 files (40 chunks) in 1.2 s.');
    assert.equal(reportText(report({ embeddedFiles: 0, embeddedChunks: 0 })), 'Venice: the semantic index is up to date (12 files, 40 chunks).');
    assert.match(reportText(report({ cancelled: true, embeddedFiles: 5 })), /indexing stopped\. 5 files embedded so far are saved; run the command again to continue/);
    assert.match(reportText(report({ error: 'Your Venice balance is empty.', embeddedFiles: 1 })), /stopped: Your Venice balance is empty\. The 1 file embedded before that is saved/);
  });

  it('gives the model ranked passages with locations, fenced safely and bounded', () => {
    const hits: SemanticHit[] = [
      { path: 'src/a.ts', startLine: 3, endLine: 9, score: 0.81234, snippet: 'const a = 1;' },
      { path: 'doc.md', startLine: 1, endLine: 4, score: 0.5, snippet: 'Use ```ts fences```' },
    ];
    const text = hitsForTool('where is a', hits);
    assert.match(text, /^2 passages most similar in meaning to "where is a"/);
    assert.match(text, /1\. src\/a\.ts:3-9 \(score 0\.812\)\n```\nconst a = 1;\n```/);
    assert.match(text, /2\. doc\.md:1-4 \(score 0\.500\)\n~~~~\nUse ```ts fences```\n~~~~/);
    const many = Array.from({ length: 50 }, (_, i) => ({ path: `f${i}.ts`, startLine: 1, endLine: 30, score: 0.5, snippet: 'x'.repeat(3000) }));
    const bounded = hitsForTool('q', many);
    assert.ok(bounded.length < 26_000, `${bounded.length} characters`);
    assert.match(bounded, /more passages left out/);
    assert.match(hitsForTool('q', []), /No passages in the semantic index match "q"/);
  });

  it('cuts a snippet to its lines and says how many more there are', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n');
    assert.equal(snippetOf(text, 3, 5, 30, 1000), 'line 3\nline 4\nline 5');
    assert.equal(snippetOf(text, 1, 50, 2, 1000), 'line 1\nline 2\n… (48 more lines)');
  });
});

describe('venice-only semantic: the search_codebase tool', () => {
  function host(semantic: CodebaseSearcher | undefined) {
    return createDispatcher([searchCodebaseTool(semantic)], { toolsEnabled: () => true, isTrusted: () => false, autoApproved: () => false });
  }
  const ctx = { signal: new AbortController().signal, requestApproval: async () => assert.fail('a read-only tool never asks') };

  it('answers from the index, read-only and without approval, even in Restricted Mode', async () => {
    const calls: Array<[string, number]> = [];
    const h = host({
      search: async (q, limit) => {
        calls.push([q, limit]);
        return { kind: 'ok', hits: [{ path: 'src/invoice.ts', startLine: 1, endLine: 4, score: 0.7, snippet: 'computeInvoiceTotal()' }] };
      },
    });
    const model = { id: 'm', type: 'text', model_spec: { capabilities: { supportsFunctionCalling: true } } };
    assert.deepEqual(h.definitions(model).map((d) => d.function.name), ['search_codebase'], 'offered in Restricted Mode');
    const out = await h.run({ id: 'c1', name: 'search_codebase', arguments: '{"query":"  invoice totals "}' }, ctx);
    assert.equal(out.ok, true);
    assert.match(out.content, /1\. src\/invoice\.ts:1-4 \(score 0\.700\)/);
    assert.equal(out.summary, 'Semantic search "invoice totals": 1 passage');
    assert.deepEqual(calls, [['invoice totals', 8]]);
    const bad = await h.run({ id: 'c2', name: 'search_codebase', arguments: '{"query":"x","limit":500}' }, ctx);
    assert.equal(bad.ok, false);
    assert.match(bad.content, /limit/);
  });

  it('says how to create an index when there is none', async () => {
    const out = await host({ search: async () => ({ kind: 'noIndex', message: NO_INDEX_TEXT }) }).run({ id: 'c1', name: 'search_codebase', arguments: '{"query":"x"}' }, ctx);
    assert.equal(out.ok, false);
    assert.match(out.content, /Venice: Index Workspace for Semantic Search/);
    assert.match(out.content, /search_workspace/);
    assert.equal(out.summary, 'No semantic index yet');
  });
});
