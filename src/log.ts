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

let channel: vscode.LogOutputChannel | undefined;

function out(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Venice', { log: true });
  return channel;
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
  channel?.dispose();
  channel = undefined;
}
