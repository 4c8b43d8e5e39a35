// "Venice: Choose Character" (venice.chooseCharacter). With { slug } it sets venice.chat.character
// without UI (after checking that Venice knows the character); { slug: '' } clears it. Without an
// argument it opens a searchable, paged picker. Also watches chat answers: when Venice answers 404
// because the chosen character was removed, the setting is cleared and the user is told.
import * as vscode from 'vscode';
import { affects, config, invalidCharacterSetting, updateUserSetting } from '../config';
import { COMMANDS, SETTINGS, SETTINGS_SECTION } from '../ids';
import { log } from '../log';
import type { Services } from '../services';
import { quickPickResult } from '../ui/quickPickResult';
import { showError } from '../ui/showError';
import { isVeniceError } from '../venice/errors';
import type { Character } from '../venice/types';
import { CharacterBrowser, type BrowserView } from './browser';
import { oneLine } from '../util/text';
import { characterRow, isValidSlug } from './format';
import { notifyInfo, notifyWarning } from '../ui/notify';

export interface ChooseCharacterResult {
  /** '' when the character was cleared. */
  slug: string;
  name?: string;
}

interface Item extends vscode.QuickPickItem {
  character?: Character;
  action?: 'clear' | 'more' | 'retry' | 'setApiKey';
}

/** Quick-pick labels render `$(icon)` syntax: text from other Venice users must not inject icons. */
function plain(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}

function parseArgs(raw: unknown): { slug: string } | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('The argument of venice.chooseCharacter must be an object such as { "slug": "alan-watts" }.');
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => k !== 'slug');
  if (unknown.length) throw new Error(`Unknown option for venice.chooseCharacter: ${unknown.join(', ')}. Known: slug.`);
  if (o.slug === undefined) return undefined;
  if (typeof o.slug !== 'string') throw new Error('"slug" must be a string (use "" to chat without a character).');
  const slug = o.slug.trim();
  if (slug && !isValidSlug(slug)) throw new Error(`"${oneLine(slug, { maxLength: 60 })}" is not a valid character slug (letters, digits, ".", "_" and "-").`);
  return { slug };
}

async function apply(slug: string, name: string | undefined, announce: boolean): Promise<ChooseCharacterResult> {
  await updateUserSetting(SETTINGS.chatCharacter, slug || undefined);
  if (announce) {
    void notifyInfo(slug ? `Venice chat now talks as ${oneLine(name ?? slug, { maxLength: 80 })}.` : 'Venice chat no longer uses a character.');
  }
  return name ? { slug, name } : { slug };
}

export async function chooseCharacter(services: Services, raw: unknown): Promise<ChooseCharacterResult | undefined> {
  const args = parseArgs(raw);
  if (args) {
    if (!args.slug) return apply('', undefined, false);
    // An unknown slug would fail every chat with 404: refuse it here, with Venice's answer.
    let found: Character;
    try {
      found = await services.client.character(args.slug);
    } catch (err) {
      if (isVeniceError(err) && err.kind === 'notFound') throw new Error(`Venice has no character "${args.slug}".`, { cause: err });
      throw err;
    }
    return apply(found.slug, oneLine(found.name, { maxLength: 80 }), false);
  }
  return pickCharacter(services);
}

function pickCharacter(services: Services): Promise<ChooseCharacterResult | undefined> {
  const current = config.chat.character();
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Venice: Choose Character';
  pick.placeholder = 'Search Venice characters by name, description or tag';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;

  const render = (v: BrowserView): void => {
    pick.busy = v.loading;
    const items: Item[] = [];
    if (current) items.push({ label: '$(close) No character', description: `stop using ${current}`, action: 'clear', alwaysShow: true });
    for (const c of v.characters) {
      const row = characterRow(c);
      // The server already searched: local filtering must not hide matches found in tags.
      items.push({ label: `${c.slug === current ? '$(check) ' : ''}${plain(row.label)}`, description: plain(row.description), detail: plain(row.detail), character: c, alwaysShow: true });
    }
    if (v.error) {
      const message = isVeniceError(v.error) ? v.error.message : v.error instanceof Error ? v.error.message : String(v.error);
      items.push({ label: `$(error) ${plain(oneLine(message, { maxLength: 200 }))}`, alwaysShow: true });
      if (isVeniceError(v.error) && (v.error.kind === 'noKey' || v.error.kind === 'auth')) items.push({ label: '$(key) Set API Key', action: 'setApiKey', alwaysShow: true });
      items.push({ label: '$(refresh) Try again', action: 'retry', alwaysShow: true });
    } else if (!v.loading && v.characters.length === 0) {
      items.push({ label: v.query ? `No characters match "${plain(oneLine(v.query, { maxLength: 60 }))}".` : 'Venice lists no characters.', alwaysShow: true });
    }
    if (v.hasMore) items.push({ label: '$(ellipsis) Load more characters…', action: 'more', alwaysShow: true });
    const active = pick.activeItems[0];
    pick.items = items;
    // Keep the highlight on the same row after more results arrive.
    const again = active?.character ? items.find((i) => i.character?.slug === active.character?.slug) : items.find((i) => i.character?.slug === current);
    if (again) pick.activeItems = [again];
  };

  const browser = new CharacterBrowser((q, o) => services.client.characters(q, o), render);

  const result = quickPickResult<Item, ChooseCharacterResult>(
    pick,
    (outcome) => [
      pick.onDidChangeValue((v) => browser.setQuery(v)),
      pick.onDidAccept(() => {
        const item = pick.selectedItems[0] ?? pick.activeItems[0];
        if (!item) return;
        if (item.action === 'more') return void browser.loadMore();
        if (item.action === 'retry') return void (browser.current().characters.length ? browser.loadMore() : browser.start());
        if (item.action === 'setApiKey') {
          outcome.settle(undefined);
          void vscode.commands.executeCommand(COMMANDS.setApiKey);
          return;
        }
        const chosen = item.action === 'clear' ? { slug: '', name: undefined } : item.character ? { slug: item.character.slug, name: oneLine(item.character.name, { maxLength: 80 }) } : undefined;
        if (!chosen) return;
        if (chosen.slug && !isValidSlug(chosen.slug)) {
          void vscode.window.showWarningMessage('Venice listed a character with an unexpected name; it was not saved.');
          return;
        }
        outcome.settleWith(() => apply(chosen.slug, chosen.name, true), (err) => void showError('Venice', err));
      }),
    ],
    () => browser.dispose(),
  );
  pick.show();
  void browser.start();
  return result;
}

/**
 * A 404 from chat while a character is set: ask Venice whether the character still exists. If it
 * does not, clear the setting (the chat's own error card already shows the failure) and say so.
 */
function watchForRemovedCharacter(services: Services): vscode.Disposable {
  let checking = false;
  return services.onResponseMeta(({ meta, path, background }) => {
    // Inline completions never send the character: their 404 says nothing about it.
    if (meta.status !== 404 || path !== '/chat/completions' || background || checking) return;
    const slug = config.chat.character();
    if (!slug) return;
    checking = true;
    void services.client
      .character(slug)
      .then(
        () => undefined, // it exists: the 404 was about something else (the model)
        async (err: unknown) => {
          if (!isVeniceError(err) || (err.kind !== 'notFound' && err.kind !== 'badRequest') || config.chat.character() !== slug) return;
          const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<string>(SETTINGS.chatCharacter);
          if (inspected?.workspaceValue === slug || inspected?.workspaceFolderValue === slug) {
            void notifyWarning(`Venice has no character "${slug}" (it may have been removed). It is set in this workspace's settings (venice.chat.character): remove it there to chat without it.`);
            return;
          }
          await updateUserSetting(SETTINGS.chatCharacter, undefined);
          log.info(`Cleared venice.chat.character: Venice has no character "${slug}".`);
          const pick = await notifyWarning(
            `Venice has no character "${slug}" any more (it may have been removed), so the chat stopped using it. Send your message again to chat without a character, or choose another one.`,
            'Choose Character',
          );
          if (pick) await vscode.commands.executeCommand(COMMANDS.chooseCharacter);
        },
      )
      .finally(() => {
        checking = false;
      });
  });
}

/**
 * venice.chat.character set to something that is not a slug (a repository's settings can hold a
 * command link or a URL): the chat ignores it; say so once per value, quoting it as plain text.
 */
function warnAboutInvalidCharacter(): vscode.Disposable {
  let warned: string | undefined;
  const check = (): void => {
    const bad = invalidCharacterSetting();
    if (!bad || bad === warned) return;
    warned = bad;
    const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<string>(SETTINGS.chatCharacter);
    const where = inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined ? "this workspace's settings" : 'your settings';
    void notifyWarning(`"${oneLine(bad, { maxLength: 120 })}" is not a character slug (letters, digits, ".", "_" and "-"), so the chat ignores venice.chat.character in ${where}.`);
  };
  check();
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, SETTINGS.chatCharacter)) check();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(check), // a workspace value counts from then on
  );
}

export function registerCharacters(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.chooseCharacter, (args?: unknown) => chooseCharacter(services, args)),
    watchForRemovedCharacter(services),
    warnAboutInvalidCharacter(),
  );
}
