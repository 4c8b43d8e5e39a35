// Terminals in the harness's VS Code: opens a plain terminal and waits (up to 60 s) for its shell
// integration, then closes it. The first shell of a window also starts the pty host, which can take
// longer than the "Venice" terminal's own 8 s wait; after this, run_command's terminal path is the
// one that runs. Used by the e2e tests and the terminal benchmark.
import type { Bridge } from './vscode';

export async function warmShellIntegration(bridge: Bridge): Promise<boolean> {
  return bridge.run<boolean>(`
    const t = vscode.window.createTerminal({ name: 'warm-up' });
    t.show(true);
    const ok = await new Promise((resolve) => {
      if (t.shellIntegration) return resolve(true);
      const timer = setTimeout(() => { sub.dispose(); resolve(false); }, 60000);
      const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
        if (e.terminal !== t) return;
        clearTimeout(timer); sub.dispose(); resolve(true);
      });
    });
    t.dispose();
    return ok;
  `);
}
