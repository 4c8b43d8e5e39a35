import * as vscode from 'vscode';
import { redact } from './util/redact';

/** The "Venice" log channel. Every line goes through redact() so the key can never be printed. */
export interface Logger {
  trace(msg: string): void;
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string, err?: unknown): void;
}

// One channel per window, also when a lazily loaded chunk carries its own copy of this module.
const CHANNEL = Symbol.for('venice.log.channel');
const shared = globalThis as { [CHANNEL]?: vscode.LogOutputChannel };

function out(): vscode.LogOutputChannel {
  shared[CHANNEL] ??= vscode.window.createOutputChannel('Venice', { log: true });
  return shared[CHANNEL];
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

export const log: Logger = {
  trace: (m) => out().trace(redact(m)),
  debug: (m) => out().debug(redact(m)),
  info: (m) => out().info(redact(m)),
  warn: (m) => out().warn(redact(m)),
  error: (m, err) => out().error(redact(err === undefined ? m : `${m}: ${describe(err)}`)),
};

export function disposeLog(): void {
  shared[CHANNEL]?.dispose();
  shared[CHANNEL] = undefined;
}
