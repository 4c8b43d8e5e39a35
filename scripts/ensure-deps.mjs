// Runs before `npm start` and `npm test`: on a fresh clone it installs the npm packages first, so a
// newcomer needs only those two commands. Runs on whatever Node started npm (plain ESM, no deps).
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const ready = ['node_modules/.bin/tsc', 'node_modules/node/bin/node', 'node_modules/.bin/esbuild'].every((p) => existsSync(p));
if (!ready) {
  console.log('[setup] installing npm packages (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
