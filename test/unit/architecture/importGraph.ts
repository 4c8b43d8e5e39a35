// The import graph of the product's own code, read with the TypeScript compiler's parser (no type
// checking, so it takes well under a second): every `import`, `export … from`, `import x = require()`,
// `require('…')`, `import('…')` and `import('…').Type` whose specifier is a string literal. Relative
// specifiers resolve to repository files; anything else ('vscode', npm packages) stays a bare name.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Importing file, repository-relative with '/' separators. */
  from: string;
  /** Imported file (repository-relative), or the bare module name ('vscode', 'undici'…). */
  to: string;
  /** Only types cross this edge (`import type`, `export type`, `import('…').T`): nothing loads at run time. */
  typeOnly: boolean;
}

export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
}

const SOURCE = /\.(ts|tsx|mts|cts)$/;

function listSources(root: string, dir: string): string[] {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const name of readdirSync(abs).sort()) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...listSources(root, rel));
    else if (SOURCE.test(name)) out.push(rel);
  }
  return out;
}

/** A relative specifier as the bundler and tsc resolve it: the file itself, with a TS extension, or a folder's index. */
function resolveRelative(root: string, fromFile: string, spec: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec));
  const stripped = base.replace(/\.(js|mjs|cjs)$/, '');
  const candidates = [base, `${stripped}.ts`, `${stripped}.tsx`, `${stripped}.d.ts`, `${base}/index.ts`];
  for (const c of candidates) if (existsSync(path.join(root, c)) && statSync(path.join(root, c)).isFile()) return c;
  return base; // unresolved (a CSS file or a generated one): kept, so rules still see where it points
}

function specifiersOf(sf: ts.SourceFile): Array<{ spec: string; typeOnly: boolean }> {
  const found: Array<{ spec: string; typeOnly: boolean }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const allTypes = !!clause && (clause.isTypeOnly || (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      found.push({ spec: node.moduleSpecifier.text, typeOnly: allTypes });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const allTypes = node.isTypeOnly || (!!node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
      found.push({ spec: node.moduleSpecifier.text, typeOnly: allTypes });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push({ spec: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1 && ts.isStringLiteral(node.arguments[0])) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isDynamicImport || isRequire) found.push({ spec: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ spec: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The graph of every TypeScript file under the given repository folders. */
export function buildImportGraph(root: string, folders: string[]): ImportGraph {
  const files = folders.flatMap((f) => listSources(root, f));
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const sf = ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const seen = new Map<string, ImportEdge>();
    for (const { spec, typeOnly } of specifiersOf(sf)) {
      const to = spec.startsWith('.') ? resolveRelative(root, file, spec) : spec;
      const known = seen.get(to);
      if (known) known.typeOnly &&= typeOnly; // one value import makes the whole edge a run-time one
      else seen.set(to, { from: file, to, typeOnly });
    }
    edges.push(...seen.values());
  }
  return { files, edges };
}

/**
 * One cycle per strongly connected component of the graph (Tarjan), each as the list of files along it,
 * first file repeated at the end. Bare module names are leaves and never part of a cycle.
 */
export function findCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const strongConnect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) strongConnect(v);
  return components.map((c) => shortestCycleThrough(c.sort()[0], new Set(c), next));
}

/** The shortest path from `start` back to itself inside one component (breadth-first), to print. */
function shortestCycleThrough(start: string, members: Set<string>, next: Map<string, string[]>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of next.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const between: string[] = [];
        for (let u = v; u !== start; u = cameFrom.get(u)!) between.unshift(u);
        return [start, ...between, start];
      }
      if (!cameFrom.has(w) && w !== start) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** True when `to` can reach `from` through the edges (so the edge from → to closes a cycle). */
export function reaches(edges: ImportEdge[], source: string, target: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const seen = new Set([source]);
  const queue = [source];
  while (queue.length) {
    const v = queue.shift()!;
    if (v === target) return true;
    for (const w of next.get(v) ?? []) {
      if (seen.has(w)) continue;
      seen.add(w);
      queue.push(w);
    }
  }
  return false;
}
