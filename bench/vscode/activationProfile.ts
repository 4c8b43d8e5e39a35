// A CPU profile of one activation of Venice inside the real extension host (a diagnostic, not part
// of `npm run bench`): starts code-server like the bench, activates Venice once so its V8 code cache
// is written, reloads the window, starts the V8 sampling profiler in the new extension host through
// the test bridge (node:inspector) as soon as it answers, waits until Venice is active (VS Code
// activates it at start-up; `venice.openChat` if not within 20 s), and writes the profile to argv[2] (open it
// in Chrome DevTools or read it with bench/lib/cpuProfile.ts). Run it under the e2e lock:
//   flock /tmp/vscode-e2e.lock node --import tsx bench/vscode/activationProfile.ts /tmp/activation.cpuprofile
import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureHarness } from '../../test/harness/install';
import { launchVSCode } from '../../test/harness/vscode';
import { sleep } from '../lib/stats';
import { command, until } from './session';

const EXTENSION_ID = 'venice-community.venice-vscode';

async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join(os.tmpdir(), 'venice-activation.cpuprofile');
  ensureHarness();
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'venice-profile-ws-'));
  const vs = await launchVSCode({ workspace, userSettings: { 'venice.completions.enabled': false } });
  const active = async () => ((await vs.bridge.run<boolean>('return !!vscode.extensions.getExtension(args.id)?.isActive', { id: EXTENSION_ID })) ? true : undefined);
  try {
    await command(vs, 'venice.openChat');
    await until('Venice to be active', active, 30_000);
    await sleep(5_000); // boot.js writes the code cache 3 s after activation
    await command(vs, 'workbench.view.explorer');
    await vs.reload();
    await vs.bridge.run(
      `const inspector = require('node:inspector');
       const s = new inspector.Session();
       s.connect();
       globalThis.__veniceProfile = s;
       await new Promise((r) => s.post('Profiler.enable', r));
       await new Promise((r) => s.post('Profiler.setSamplingInterval', { interval: 50 }, r));
       await new Promise((r) => s.post('Profiler.start', r));
       return true;`,
    );
    const wasActive = await active();
    const byStartup = await until('Venice to be active', active, 20_000).catch(() => false);
    if (!byStartup) await command(vs, 'venice.openChat');
    await until('Venice to be active', active, 30_000);
    await sleep(500);
    const profile = await vs.bridge.run<unknown>(
      `const s = globalThis.__veniceProfile;
       const p = await new Promise((r, j) => s.post('Profiler.stop', (e, v) => (e ? j(e) : r(v.profile))));
       s.disconnect();
       return p;`,
    );
    writeFileSync(out, JSON.stringify(profile));
    console.log(`wrote ${out}${wasActive ? ' (Venice was already active when the profiler started: the profile misses its activation)' : ''}`);
  } finally {
    await vs.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
