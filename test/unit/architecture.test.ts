// The architecture guard: the import graph of src/ and webview-ui/ has no cycle and keeps the folder
// rules of ARCHITECTURE.md. Violations that exist today are listed, one exact edge each, in
// architecture/knownViolations.ts; a new one fails, and so does a listed one that is gone.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { buildImportGraph, findCycles, reaches, type ImportEdge } from './architecture/importGraph';
import { KNOWN_VIOLATIONS } from './architecture/knownViolations';
import { FOLDER_RULES, violationKey } from './architecture/rules';

const REPO = path.resolve(__dirname, '..', '..');
const graph = buildImportGraph(REPO, ['src', 'webview-ui']);
const known = new Set(KNOWN_VIOLATIONS.map((v) => v.key));
const edgeKey = (e: Pick<ImportEdge, 'from' | 'to'>): string => `${e.from} -> ${e.to}`;
const knownCycleEdges = new Set(KNOWN_VIOLATIONS.filter((v) => v.key.startsWith('cycle: ')).map((v) => v.key.slice('cycle: '.length)));

function ruleViolations(): string[] {
  return FOLDER_RULES.flatMap((rule) => graph.edges.filter((e) => rule.forbids(e)).map((e) => violationKey(rule.id, e)));
}

describe('architecture: the import graph of src/ and webview-ui/', () => {
  it('reads the whole product (sanity check of the graph itself)', () => {
    assert.ok(graph.files.includes('src/extension.ts') && graph.files.includes('webview-ui/chat/main.ts'), 'both trees are read');
    assert.ok(graph.edges.some((e) => e.from === 'src/extension.ts' && e.to === 'vscode'), 'bare module names are kept');
    const inRepo = (to: string): boolean => to.startsWith('src/') || to.startsWith('webview-ui/');
    const unresolved = graph.edges.filter((e) => inRepo(e.to) && !graph.files.includes(e.to) && !/\.(css|json)$/.test(e.to));
    assert.deepEqual(unresolved.map(edgeKey), [], 'every relative import resolves to a file the graph read');
  });

  it('has no import cycle (type-only imports count: a cycle of types is still a tangle)', () => {
    const cycles = findCycles(graph.edges.filter((e) => !knownCycleEdges.has(edgeKey(e))));
    assert.deepEqual(cycles.map((c) => c.join(' -> ')), [], 'cut one edge of each cycle');
  });

  it('keeps the folder rules (feature → llm/tools → venice → shared/util; adapters apart; webview-ui only uses src/shared)', () => {
    const fresh = ruleViolations().filter((k) => !known.has(k));
    const explained = fresh.map((k) => `${k}\n      (${FOLDER_RULES.find((r) => k.startsWith(`${r.id}:`))?.says})`);
    assert.deepEqual(explained, [], 'new layer violations');
  });

  it('has no src/commands/ folder: each command lives in its feature folder', () => {
    const key = 'folder exists: src/commands';
    if (!known.has(key)) assert.equal(existsSync(path.join(REPO, 'src', 'commands')), false, key);
  });

  it('lists only violations that still happen, so the known list can only shrink', () => {
    const current = new Set(ruleViolations());
    const gone = KNOWN_VIOLATIONS.map((v) => v.key).filter((key) => {
      if (key === 'folder exists: src/commands') return !existsSync(path.join(REPO, 'src', 'commands'));
      if (key.startsWith('cycle: ')) {
        const edge = graph.edges.find((e) => `cycle: ${edgeKey(e)}` === key);
        return !edge || !reaches(graph.edges, edge.to, edge.from); // the edge is gone, or no longer closes a cycle
      }
      return !current.has(key);
    });
    assert.deepEqual(gone, [], 'fixed: remove these entries from test/unit/architecture/knownViolations.ts');
  });
});
