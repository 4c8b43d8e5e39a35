// The VS Code side of the end-to-end suites, through the test bridge: the extension, the API key,
// user settings, editors and files of the temp workspace.
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { VSCodeSession } from '../../harness/vscode';
import { e2e } from '../context';

export const EXTENSION_ID = 'venice-community.venice-vscode';

export async function activateExtension(session: VSCodeSession = e2e().vscode): Promise<void> {
  await session.bridge.run(`await vscode.extensions.getExtension(args).activate(); return true`, EXTENSION_ID);
}

interface KeyResult {
  saved: boolean;
  message: string;
}

/** Saves the simulator's valid key through the real command (other suites may have cleared it). `vscode`: a window of a suite's own. */
export async function setApiKey(vscode: VSCodeSession = e2e().vscode): Promise<void> {
  const { validKey } = e2e();
  await activateExtension(vscode);
  const r = await vscode.bridge.run<KeyResult>(`return vscode.commands.executeCommand('venice.setApiKey', { key: args })`, validKey);
  if (!r?.saved) throw new Error(`could not set the API key: ${r?.message}`);
}

export async function clearApiKey(): Promise<void> {
  await e2e().vscode.bridge.run(`return vscode.commands.executeCommand('venice.clearApiKey')`);
}

/** Writes a user-level (global) setting; `undefined` removes it. `key` is the full id, e.g. `venice.chat.model`. */
export async function setUserSetting(key: string, value: unknown, session: VSCodeSession = e2e().vscode): Promise<void> {
  await session.bridge.run(
    `await vscode.workspace.getConfiguration().update(args.key, args.value, vscode.ConfigurationTarget.Global); return true`,
    { key, value },
  );
}

/** The user-level value of a setting (undefined when not set there). */
export async function userSetting<T = unknown>(key: string): Promise<T | undefined> {
  const v = await e2e().vscode.bridge.run<T | null>(`return vscode.workspace.getConfiguration().inspect(args)?.globalValue ?? null`, key);
  return v === null ? undefined : v;
}

/** The chat and tool settings the suites change, back to their defaults. */
export const CHAT_SETTINGS = [
  'venice.chat.model',
  'venice.chat.webSearch',
  'venice.chat.systemPrompt',
  'venice.chat.character',
  'venice.tools.enabled',
  'venice.tools.maxRounds',
  'venice.tools.autoApprove',
  'venice.request.maxRetries',
] as const;

export async function resetUserSettings(keys: readonly string[] = CHAT_SETTINGS): Promise<void> {
  for (const k of keys) if ((await userSetting(k)) !== undefined) await setUserSetting(k, undefined);
}

/**
 * Closes every editor without a save prompt: unsaved changes made by a test are reverted first
 * (a "Save changes?" dialog would block the session for the suites that follow).
 */
export async function closeAllEditors(): Promise<void> {
  await e2e().vscode.bridge.run(`
    for (const doc of vscode.workspace.textDocuments) {
      // An editor another part of VS Code opens meanwhile (settings.json after a settings write) makes
      // showTextDocument fail once ("another editor opened in the meantime"): try again, as a person would.
      for (let attempt = 1; doc.isDirty && !doc.isClosed; attempt++) {
        try {
          await vscode.window.showTextDocument(doc, { preview: false });
          await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        } catch (e) {
          if (attempt >= 3) throw e;
          await new Promise((r) => setTimeout(r, 300));
        }
      }
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    return true;
  `);
}

export interface OpenOptions {
  /** 0-based cursor, or the start of the selection when `to` is given. */
  at?: [line: number, character: number];
  to?: [line: number, character: number];
}

/** Opens a workspace file (path relative to the workspace) in an editor, with the cursor or selection placed. */
export async function openEditor(relPath: string, opts: OpenOptions = {}): Promise<void> {
  await e2e().vscode.bridge.run(
    `
    const root = vscode.workspace.workspaceFolders[0].uri;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, args.rel));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const [l, c] = args.at ?? [0, 0];
    const [tl, tc] = args.to ?? [l, c];
    editor.selection = new vscode.Selection(l, c, tl, tc);
    return true;
  `,
    { rel: relPath, at: opts.at, to: opts.to },
  );
}

/** The text of the active editor's document (the real editor, not the disk). */
export async function activeEditorText(): Promise<string | undefined> {
  const t = await e2e().vscode.bridge.run<string | null>(`return vscode.window.activeTextEditor?.document.getText() ?? null`);
  return t ?? undefined;
}

/** The buffer text of an open workspace document (undefined when it is not open). */
export async function documentText(relPath: string): Promise<string | undefined> {
  const t = await e2e().vscode.bridge.run<string | null>(
    `
    const root = vscode.workspace.workspaceFolders[0].uri;
    const target = vscode.Uri.joinPath(root, args).fsPath;
    return vscode.workspace.textDocuments.find((d) => d.uri.fsPath === target)?.getText() ?? null;
  `,
    relPath,
  );
  return t ?? undefined;
}

/** Shows the document and runs Undo once, like Ctrl+Z in that editor. Returns the text afterwards. */
export async function undoOnceIn(relPath: string): Promise<string> {
  return e2e().vscode.bridge.run<string>(
    `
    const root = vscode.workspace.workspaceFolders[0].uri;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, args));
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('undo');
    return doc.getText();
  `,
    relPath,
  );
}

export async function saveDocument(relPath: string): Promise<void> {
  await e2e().vscode.bridge.run(
    `
    const root = vscode.workspace.workspaceFolders[0].uri;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, args));
    await doc.save();
    return true;
  `,
    relPath,
  );
}

/** Labels of the open editor tabs. */
export async function tabLabels(): Promise<string[]> {
  return e2e().vscode.bridge.run<string[]>(`return vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label))`);
}

/** A folder of this suite's own files inside the temp workspace (so suites never share files). */
export function scratchFolder(name: string): { rel: string; abs: string; file(rel: string): string; remove(): void } {
  const abs = path.join(e2e().vscode.workspace, name);
  rmSync(abs, { recursive: true, force: true });
  mkdirSync(abs, { recursive: true });
  return {
    rel: name,
    abs,
    file: (rel) => path.join(abs, rel),
    remove: () => rmSync(abs, { recursive: true, force: true }),
  };
}

/**
 * Runs a palette command the way a user does: the Command Palette, the title typed, its own row picked
 * (not just the first row: VS Code's own commands may match the words too). The palette is opened
 * through VS Code's own command: F1 pressed while a webview has focus can stay in the webview, and
 * arrive late.
 */
export async function runFromPalette(page: Page, title: string, session: VSCodeSession = e2e().vscode): Promise<void> {
  // Escape twice: a quick input or menu another step left open must not take the keys.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await session.bridge.run(`await vscode.commands.executeCommand('workbench.action.showCommands'); return true`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await row.click();
}

/**
 * Right-clicks a row (an Explorer file, a tree item) and runs one of its context-menu items. A list
 * that re-renders (files appear, an editor opens) can close a menu just opened, so it tries again, as
 * a person would; and menus ignore a click that comes right after they open, so it waits a moment.
 */
export async function contextMenu(page: Page, row: Locator, item: string): Promise<void> {
  const entry = page.locator('.monaco-menu .action-label', { hasText: item }).first();
  for (let attempt = 0; ; attempt++) {
    await page.waitForTimeout(300);
    await row.click({ button: 'right' });
    try {
      await entry.waitFor({ state: 'visible', timeout: 5000 });
      break;
    } catch (e) {
      if (attempt >= 2) throw e;
      await page.keyboard.press('Escape');
    }
  }
  await page.waitForTimeout(400);
  await entry.hover();
  await entry.click();
}

/** Drags the sash between the side bar and the editor, like a user; returns how far it moved. */
export async function widenSidebar(by: number): Promise<number> {
  const { page } = e2e().vscode;
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  const before = await sidebar.boundingBox();
  if (!before) return 0;
  const x = before.x + before.width;
  const y = before.y + before.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + by / 2, y, { steps: 4 });
  await page.mouse.move(x + by, y, { steps: 4 });
  await page.mouse.up();
  // Off the sash, so it is not drawn highlighted in the screenshots.
  await page.mouse.move(x + by + 300, y);
  const after = await sidebar.boundingBox();
  return after ? after.width - before.width : 0;
}
