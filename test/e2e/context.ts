// Shared state of one end-to-end run: the simulator, the capture server and the VS Code session.
import type { VSCodeSession } from '../harness/vscode';
import type { Simulator } from '../fixtures/simulator';
import type { CaptureServer } from '../harness/capture';

export interface E2EContext {
  sim: Simulator;
  capture: CaptureServer;
  vscode: VSCodeSession;
  /** The key the simulator accepts. */
  validKey: string;
}

let current: E2EContext | undefined;

export function setContext(ctx: E2EContext): void {
  current = ctx;
}

export function e2e(): E2EContext {
  if (!current) throw new Error('e2e context not set: run through test/harness/run-vscode-tests.ts');
  return current;
}
