// The inline-completion commands: turn them on or off, snooze them, and the status bar's menu
// (which also holds the per-language switch and the model choice). Each takes one optional
// argument object (unknown fields refused) and returns what it changed. Loaded with the engine.
import * as vscode from 'vscode';
import { config, updateUserSetting } from '../config';
import { COMMANDS, SETTINGS, settingId } from '../ids';
import { isUsableTextModel, modelName } from '../llm/capabilities';
import type { ModelCatalog } from '../llm/modelCatalog';
import type { CompletionsStatusBar } from './statusBar';

export interface ToggleResult {
  enabled: boolean;
}

export interface SnoozeResult {
  /** Epoch ms; 0 when completions run again. */
  snoozedUntil: number;
}

const SNOOZE_CHOICES = [5, 15, 60];

function options(raw: unknown, command: string, known: readonly string[]): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`The argument of ${command} must be an object.`);
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !known.includes(k));
  if (unknown.length) throw new Error(`Unknown option for ${command}: ${unknown.slice(0, 5).join(', ')}. Known: ${known.join(', ') || 'none'}.`);
  return o;
}

/** `venice.completions.toggle` `{ enabled? }`: flips (or sets) the user's venice.completions.enabled. */
export async function toggleCompletions(raw: unknown): Promise<ToggleResult> {
  const o = options(raw, COMMANDS.completionsToggle, ['enabled']);
  if (o.enabled !== undefined && typeof o.enabled !== 'boolean') throw new Error('"enabled" must be true or false.');
  const enabled = typeof o.enabled === 'boolean' ? o.enabled : !config.completions.enabled();
  await updateUserSetting(SETTINGS.completionsEnabled, enabled);
  return { enabled };
}

/** `venice.completions.snooze` `{ minutes? }`: no completions for that long (0 resumes); asks without it. */
export async function snoozeCompletions(status: CompletionsStatusBar, raw: unknown): Promise<SnoozeResult | undefined> {
  const o = options(raw, COMMANDS.completionsSnooze, ['minutes']);
  let minutes: number | undefined;
  if (o.minutes !== undefined) {
    if (typeof o.minutes !== 'number' || !Number.isFinite(o.minutes) || o.minutes < 0 || o.minutes > 24 * 60) throw new Error('"minutes" must be a number from 0 to 1440.');
    minutes = o.minutes;
  } else {
    const picked = await vscode.window.showQuickPick(
      SNOOZE_CHOICES.map((m) => ({ label: m < 60 ? `${m} minutes` : '1 hour', minutes: m })),
      { title: 'Snooze Venice inline completions for' },
    );
    if (!picked) return undefined;
    minutes = picked.minutes;
  }
  status.snooze(minutes);
  return { snoozedUntil: status.snoozedUntil };
}

interface MenuItem extends vscode.QuickPickItem {
  run: () => Promise<unknown>;
}

/** The status bar item's menu. Returns the label of what was chosen. */
export async function completionsMenu(status: CompletionsStatusBar, models: ModelCatalog, raw: unknown): Promise<string | undefined> {
  options(raw, COMMANDS.completionsMenu, []);
  const enabled = config.completions.enabled();
  const language = vscode.window.activeTextEditor?.document.languageId;
  const disabled = config.completions.disabledLanguages();
  const items: MenuItem[] = [{ label: enabled ? '$(circle-slash) Turn Off Inline Completions' : '$(sparkle) Turn On Inline Completions', run: () => toggleCompletions({ enabled: !enabled }) }];
  if (enabled) {
    items.push(
      status.snoozedUntil > Date.now()
        ? { label: '$(play) Resume Inline Completions', run: () => snoozeCompletions(status, { minutes: 0 }) }
        : { label: '$(clock) Snooze Inline Completions…', run: () => snoozeCompletions(status, undefined) },
    );
  }
  if (language) {
    const off = disabled.includes(language);
    items.push({
      label: off ? `$(check) Turn On for ${language}` : `$(circle-slash) Turn Off for ${language}`,
      run: () => updateUserSetting(SETTINGS.completionsDisabledLanguages, off ? disabled.filter((l) => l !== language) : [...disabled, language]),
    });
  }
  items.push(
    { label: '$(symbol-class) Choose Completion Model…', description: config.completions.model() || "Venice's default for code", run: () => chooseModel(models) },
    { label: '$(gear) Open Settings', run: () => Promise.resolve(vscode.commands.executeCommand('workbench.action.openSettings', 'venice.completions')) },
  );
  const picked = await vscode.window.showQuickPick(items, { title: 'Venice inline completions' });
  if (!picked) return undefined;
  await picked.run();
  return picked.label.replace(/^\$\([^)]*\)\s*/, '');
}

async function chooseModel(models: ModelCatalog): Promise<void> {
  const list = await models.get('text').catch(() => []);
  const items: Array<vscode.QuickPickItem & { id: string }> = [
    { label: "Venice's default for code", description: 'default_code', id: '' },
    ...list.filter(isUsableTextModel).map((m) => ({ label: modelName(m.id, m), description: m.id, id: m.id })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Model for inline completions (${settingId(SETTINGS.completionsModel)})` });
  if (picked) await updateUserSetting(SETTINGS.completionsModel, picked.id);
}
