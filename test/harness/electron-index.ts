// Entry point @vscode/test-electron calls inside desktop VS Code: runs the bundled integration suites.
import * as path from 'node:path';
import { readdirSync } from 'node:fs';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: true });
  const dir = path.join(__dirname, '..', '..', 'test', 'integration');
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) if (f.endsWith('.test.js')) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => mocha.run((failures) => (failures ? reject(new Error(`${failures} tests failed`)) : resolve())));
}
