// The guard for issue 18 item 7: VS Code renders `[label](command:…)` in notification text as a link
// that runs a command. Every notification whose text is not a constant must go through
// `src/ui/notify.ts` (which neutralises link syntax). This test reads every file of `src/` with the
// TypeScript parser and fails on a direct `show*Message` call elsewhere whose message or modal
// `detail` is not a plain string literal, and on any use of those functions other than a call.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SINKS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage']);
const THE_HELPER = 'src/ui/notify.ts';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir)).sort()) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const constant = (n: ts.Node): boolean => ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n);

/** Each unsafe use of a notification sink in one source text, as "file:line what". */
export function unsafeNotifications(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const at = (n: ts.Node, what: string): void => void found.push(`${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1} ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && SINKS.has(node.name.text)) {
      const call = node.parent;
      if (!ts.isCallExpression(call) || call.expression !== node) at(node, `${node.name.text} used other than as a direct call`);
      else {
        const [message, ...rest] = call.arguments;
        if (!message || !constant(message)) at(call, `${node.name.text} with non-constant text: use notifyInfo/notifyWarning/notifyError (src/ui/notify.ts)`);
        for (const arg of rest) {
          if (!ts.isObjectLiteralExpression(arg)) continue;
          for (const p of arg.properties) {
            const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
            if (ts.isSpreadAssignment(p)) at(p, `${node.name.text} with spread options`);
            else if (name === 'detail' && !(ts.isPropertyAssignment(p) && constant(p.initializer))) at(p, `${node.name.text} with a non-constant detail`);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('notifications: no untrusted text reaches show*Message except through src/ui/notify.ts (issue 18 item 7)', () => {
  it('the scan flags interpolated, variable and detail text, and passes constants', () => {
    const bad = [
      'vscode.window.showWarningMessage(`Venice has no character "${slug}"`);',
      'void vscode.window.showErrorMessage(message, "Try Again");',
      'vscode.window.showInformationMessage("Delete?", { modal: true, detail: name }, "Delete");',
      'const warn = vscode.window.showWarningMessage;',
      'window.showInformationMessage("a" + name);',
    ].join('\n');
    assert.equal(unsafeNotifications('bad.ts', bad).length, 5, unsafeNotifications('bad.ts', bad).join('\n'));
    const good = ['vscode.window.showWarningMessage("Select some text first.", "OK");', 'vscode.window.showInformationMessage(`No backticks needed`, { modal: true, detail: "This cannot be undone." });'].join('\n');
    assert.deepEqual(unsafeNotifications('good.ts', good), []);
  });

  it('src/ has no direct show*Message call with non-constant text outside the helper', () => {
    const found = sources('src')
      .filter((f) => f !== THE_HELPER)
      .flatMap((f) => unsafeNotifications(f, readFileSync(path.join(ROOT, f), 'utf8')));
    assert.deepEqual(found, []);
  });
});
