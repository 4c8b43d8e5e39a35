// Venice: List Models. With an argument it returns the model list of one type (no UI); without one
// it opens one picker of every model, grouped by type (types are separators), with context size,
// capabilities, privacy, price and deprecation. Picking a text model makes it the chat model; image
// and speech models can be made the defaults; every model's id can be copied.
import * as vscode from 'vscode';
import { config, updateUserSetting } from '../config';
import { COMMANDS, SETTINGS } from '../ids';
import { log } from '../log';
import type { Services } from '../services';
import { quickPickResult } from '../ui/quickPickResult';
import { showError } from '../ui/showError';
import { isVeniceError } from '../venice/errors';
import type { VeniceModel } from '../venice/types';
import { isListedModelType, LISTED_MODEL_TYPES, type ListedModelType } from '../llm/modelCatalog';
import { describeModel, isSaneModelId, listableModels, safeText } from './format';
import { notifyInfo, notifyWarning } from '../ui/notify';

export interface ListModelsArgs {
  type?: ListedModelType;
  /** Ask Venice again instead of using the list cached for a few minutes. */
  refresh?: boolean;
}

/** What the interactive picker did (returned to scripted callers of the UI flow, e.g. tests). */
export interface ModelPickResult {
  action: 'setChatModel' | 'setImageModel' | 'setSpeechModel' | 'copyId';
  model: string;
}

const TYPE_LABELS: Record<ListedModelType, { label: string; detail: string }> = {
  text: { label: 'Text', detail: 'Chat and code models' },
  image: { label: 'Image', detail: 'Image generation models' },
  tts: { label: 'Speech', detail: 'Text-to-speech models and their voices' },
  embedding: { label: 'Embedding', detail: 'Embedding models' },
  upscale: { label: 'Upscale', detail: 'Image upscalers' },
  inpaint: { label: 'Image edit', detail: 'Models that edit an image from a prompt' },
};

function parseArgs(raw: unknown): ListModelsArgs | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('The argument of venice.listModels must be an object such as { "type": "text" }.');
  const obj = raw as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => k !== 'type' && k !== 'refresh');
  if (unknown.length) throw new Error(`Unknown option for venice.listModels: ${unknown.slice(0, 5).join(', ')}. Known: type, refresh.`);
  if (obj.type !== undefined && !isListedModelType(obj.type)) {
    throw new Error(`"type" must be one of ${LISTED_MODEL_TYPES.join(', ')}.`);
  }
  return { type: obj.type as ListedModelType | undefined, refresh: obj.refresh === true };
}

export async function listModels(services: Services, rawArgs?: unknown): Promise<VeniceModel[] | ModelPickResult | undefined> {
  const args = parseArgs(rawArgs);
  if (args) {
    // Scripted: return the list, show nothing. Errors reach the caller as VeniceError.
    return services.models.get(args.type ?? 'text', { refresh: args.refresh });
  }
  return pickModel(services);
}

interface ModelItem extends vscode.QuickPickItem {
  model?: VeniceModel;
  type?: ListedModelType;
  action?: 'setApiKey' | 'retry';
}

const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy model id' };
const REFRESH_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: 'Refresh the list from Venice' };

function currentSetting(type: ListedModelType): string {
  if (type === 'text') return config.chat.model();
  if (type === 'image') return config.image.model();
  if (type === 'tts') return config.speech.model();
  return '';
}

function modelItems(type: ListedModelType, models: VeniceModel[]): ModelItem[] {
  const current = currentSetting(type);
  return listableModels(models).map((model) => {
    const row = describeModel(model);
    const isCurrent = current !== '' && model.id === current;
    return {
      label: `${isCurrent ? '$(check) ' : ''}${row.label}`,
      description: row.description,
      detail: row.detail || undefined,
      buttons: [COPY_BUTTON],
      model,
      type,
    };
  });
}

function needsKey(err: unknown): boolean {
  return isVeniceError(err) && (err.action === 'setApiKey' || err.kind === 'noKey' || err.kind === 'auth');
}

function errorMessage(err: unknown): string {
  return isVeniceError(err) ? err.message : err instanceof Error ? err.message : String(err);
}

const TRY_AGAIN: ModelItem = { label: '$(refresh) Try again', action: 'retry', alwaysShow: true };

/**
 * The grouped list: one separator per type, then its models. A key problem fails every type, so it
 * replaces the whole list; any other failure is said inside its own group.
 */
function groupedItems(results: ReadonlyArray<PromiseSettledResult<VeniceModel[]>>): ModelItem[] {
  const keyProblem = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && needsKey(r.reason));
  if (keyProblem) return errorItems(keyProblem.reason);
  // Every type failed alike (no connection, an untrusted certificate, a timeout): said once, with its
  // advice on a line of its own, rather than six copies cut off before the advice.
  const messages = results.map((r) => (r.status === 'rejected' ? errorMessage(r.reason) : undefined));
  if (results[0]?.status === 'rejected' && messages.every((m) => m !== undefined && m === messages[0])) return errorItems(results[0].reason);
  const items: ModelItem[] = [];
  let failed = false;
  LISTED_MODEL_TYPES.forEach((type, i) => {
    const result = results[i];
    const group = result?.status === 'fulfilled' ? modelItems(type, result.value) : [{ label: `$(error) ${safeText(errorMessage(result?.reason), 200)}`, alwaysShow: true }];
    failed ||= result?.status !== 'fulfilled';
    if (!group.length) return;
    items.push({ label: `${TYPE_LABELS[type].label} — ${TYPE_LABELS[type].detail}`, kind: vscode.QuickPickItemKind.Separator }, ...group);
  });
  if (failed) items.push(TRY_AGAIN);
  return items.length ? items : [{ label: 'Venice lists no models for your key.', alwaysShow: true }];
}

/** An error's first sentence (what happened) and the rest (what to do), for a row's label and detail. */
function splitAdvice(message: string): [string, string | undefined] {
  const m = /^(.+?\.)\s+(\p{Lu}.*)$/su.exec(message);
  return m ? [m[1], m[2]] : [message, undefined];
}

function errorItems(err: unknown): ModelItem[] {
  const [what, advice] = splitAdvice(errorMessage(err));
  const items: ModelItem[] = [{ label: `$(error) ${safeText(what, 200)}`, detail: advice ? safeText(advice, 300) : undefined, alwaysShow: true }];
  if (needsKey(err)) items.push({ label: '$(key) Set API Key', detail: 'Venice needs a valid API key to list models.', action: 'setApiKey', alwaysShow: true });
  items.push(TRY_AGAIN);
  return items;
}

async function copyId(id: string): Promise<ModelPickResult> {
  await vscode.env.clipboard.writeText(id);
  void notifyInfo(`Copied the model id ${safeText(id)}.`);
  return { action: 'copyId', model: id };
}

/** The grouped model picker. Resolves with what the user did, or undefined when dismissed. */
async function pickModel(services: Services): Promise<ModelPickResult | undefined> {
  const pick = vscode.window.createQuickPick<ModelItem>();
  pick.title = 'Venice: List Models';
  pick.placeholder = 'Pick a model: a text model becomes the chat model (type to filter by name or id)';
  pick.matchOnDescription = true;
  pick.buttons = [REFRESH_BUTTON];
  let loadSeq = 0;

  const load = async (refresh: boolean): Promise<void> => {
    const seq = ++loadSeq;
    pick.busy = true;
    // All types at once: each is one cached request, so the list opens as fast as the slowest type.
    const results = await Promise.allSettled(LISTED_MODEL_TYPES.map((type) => services.models.get(type, { refresh })));
    if (seq !== loadSeq) return;
    results.forEach((r, i) => {
      if (r.status === 'rejected') log.warn(`Listing ${LISTED_MODEL_TYPES[i]} models failed: ${isVeniceError(r.reason) ? `${r.reason.kind} ${r.reason.status ?? ''}` : String(r.reason)}`);
    });
    const items = groupedItems(results);
    pick.items = items;
    const chatModel = config.chat.model();
    const active = items.find((i) => i.type === 'text' && i.model?.id === chatModel);
    if (active) pick.activeItems = [active];
    pick.busy = false;
  };

  const result = quickPickResult<ModelItem, ModelPickResult>(pick, (outcome) => [
    pick.onDidTriggerButton((b) => {
      if (b === REFRESH_BUTTON) void load(true);
    }),
    pick.onDidTriggerItemButton((e) => {
      const id = e.item.model?.id;
      if (id) void copyId(id);
    }),
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      if (!item) return;
      if (item.action === 'retry') {
        pick.value = ''; // the filter typed to reach "Try again" would hide the fresh list
        void load(true);
        return;
      }
      if (item.action === 'setApiKey') {
        outcome.settle(undefined);
        void vscode.commands.executeCommand(COMMANDS.setApiKey);
        return;
      }
      const { model, type } = item;
      if (!model || !type) return;
      outcome.settleWith(() => afterPick(services, type, model), (err) => void showError('Venice', err));
    }),
  ]);
  pick.show();
  void load(false);
  return result;
}

async function afterPick(services: Services, type: ListedModelType, model: VeniceModel): Promise<ModelPickResult | undefined> {
  const id = model.id;
  const shown = safeText(id);
  if (!isSaneModelId(id)) {
    void notifyWarning(`The model id "${shown}" has unexpected characters, so it was not saved.`);
    return undefined;
  }
  if (type === 'text') {
    await updateUserSetting(SETTINGS.chatModel, id);
    void notifyInfo(`Venice chat now uses ${shown}.`);
    return { action: 'setChatModel', model: id };
  }
  if (type === 'image' || type === 'tts') {
    const setLabel = type === 'image' ? 'Set as default image model' : 'Set as speech model';
    const choice = await vscode.window.showQuickPick([{ label: setLabel }, { label: 'Copy model id' }], { title: `Venice: ${shown}` });
    if (!choice) return undefined;
    if (choice.label === 'Copy model id') return copyId(id);
    if (type === 'image') {
      await updateUserSetting(SETTINGS.imageModel, id);
      void notifyInfo(`Venice images now use ${shown}.`);
      return { action: 'setImageModel', model: id };
    }
    await updateUserSetting(SETTINGS.speechModel, id);
    const voices = Array.isArray(model.model_spec?.voices) ? model.model_spec.voices : [];
    if (voices.length && !voices.includes(config.speech.voice())) {
      // The old voice belongs to another model: let the user pick one of this model's voices.
      await services.speech.chooseVoice({ model: id });
    } else {
      void notifyInfo(`Venice speech now uses ${shown}.`);
    }
    return { action: 'setSpeechModel', model: id };
  }
  return copyId(id);
}
