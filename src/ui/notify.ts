// The one way to show a notification whose text is not a constant. VS Code renders
// `[label](command:…)` in `show*Message` text as a link that runs a command, so every message and
// modal detail goes through `plainNotice` here. `test/unit/ui/notifySinks.test.ts` fails on any
// direct `window.show*Message` call elsewhere whose text is not a plain string literal.
import * as vscode from 'vscode';
import { plainNotice } from '../util/text';

type Kind = 'info' | 'warning' | 'error';

function clean(options: vscode.MessageOptions): vscode.MessageOptions {
  return options.detail === undefined ? options : { ...options, detail: plainNotice(options.detail) };
}

function show(kind: Kind, message: string, first: vscode.MessageOptions | string | undefined, rest: string[]): Thenable<string | undefined> {
  const text = plainNotice(message);
  const items = typeof first === 'string' ? [first, ...rest] : rest;
  const options = typeof first === 'object' ? clean(first) : {};
  switch (kind) {
    case 'info':
      return vscode.window.showInformationMessage(text, options, ...items);
    case 'warning':
      return vscode.window.showWarningMessage(text, options, ...items);
    case 'error':
      return vscode.window.showErrorMessage(text, options, ...items);
  }
}

/** An information message; `message` and `options.detail` may hold untrusted text. Items are the extension's own labels. */
export function notifyInfo(message: string, options?: vscode.MessageOptions | string, ...items: string[]): Thenable<string | undefined> {
  return show('info', message, options, items);
}

/** A warning; `message` and `options.detail` may hold untrusted text. */
export function notifyWarning(message: string, options?: vscode.MessageOptions | string, ...items: string[]): Thenable<string | undefined> {
  return show('warning', message, options, items);
}

/** An error message; `message` and `options.detail` may hold untrusted text. */
export function notifyError(message: string, options?: vscode.MessageOptions | string, ...items: string[]): Thenable<string | undefined> {
  return show('error', message, options, items);
}
