// Venice: List Models. With an argument it returns the model list (no UI); without one it shows
// a picker of model types, then of models with their context size, capabilities, privacy, price
// and deprecation. Picking a text model makes it the chat model; image and speech models can be
// made the defaults; every model's id can be copied.
import * as vscode from 'vscode';
import { config, updateUserSetting } from '../config';
import { log } from '../log';
import { isListedModelType, LISTED_MODEL_TYPES, type ListedModelType } from '../llm/modelCatalog';
import { describeModel, isSaneModelId, listableModels, safeText } from '../models/format';
import { modelCatalog } from '../models/shared';
import type { Services } from '../services';
import { quickPickResult } from '../ui/quickPickResult';
import { showError } from '../ui/showError';
import { isVeniceError } from '../venice/errors';
import type { VeniceModel } from '../venice/types';

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
    return modelCatalog(services).get(args.type ?? 'text', { refresh: args.refresh });
  }
  const type = await pickType();
  if (!type) return undefined;
  return pickModel(services, type);
}

async function pickType(): Promise<ListedModelType | undefined> {
  const picked = await vscode.window.showQuickPick(
    LISTED_MODEL_TYPES.map((t) => ({ label: TYPE_LABELS[t].label, detail: TYPE_LABELS[t].detail, type: t })),
    { title: 'Venice: List Models', placeHolder: 'Which kind of models?' },
  );
  return picked?.type;
}

interface ModelItem extends vscode.QuickPickItem {
  model?: VeniceModel;
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

function placeholderFor(type: ListedModelType): string {
  switch (type) {
    case 'text':
      return 'Pick a model to chat with (type to filter by name or id)';
    case 'image':
      return 'Pick a model to use for images';
    case 'tts':
      return 'Pick a speech model';
    default:
      return 'Pick a model to copy its id';
  }
}

function modelItems(models: VeniceModel[], current: string): ModelItem[] {
  return listableModels(models).map((model) => {
    const row = describeModel(model);
    const isCurrent = current !== '' && model.id === current;
    return {
      label: `${isCurrent ? '$(check) ' : ''}${row.label}`,
      description: row.description,
      detail: row.detail || undefined,
      buttons: [COPY_BUTTON],
      model,
    };
  });
}

function errorItems(err: unknown): ModelItem[] {
  const message = isVeniceError(err) ? err.message : err instanceof Error ? err.message : String(err);
  const items: ModelItem[] = [{ label: `$(error) ${safeText(message, 200)}`, alwaysShow: true }];
  const needsKey = isVeniceError(err) && (err.action === 'setApiKey' || err.kind === 'noKey' || err.kind === 'auth');
  if (needsKey) items.push({ label: '$(key) Set API Key', detail: 'Venice needs a valid API key to list models.', action: 'setApiKey', alwaysShow: true });
  items.push({ label: '$(refresh) Try again', action: 'retry', alwaysShow: true });
  return items;
}

async function copyId(id: string): Promise<ModelPickResult> {
  await vscode.env.clipboard.writeText(id);
  void vscode.window.showInformationMessage(`Copied the model id ${safeText(id)}.`);
  return { action: 'copyId', model: id };
}

/** The model picker for one type. Resolves with what the user did, or undefined when dismissed. */
async function pickModel(services: Services, type: ListedModelType): Promise<ModelPickResult | undefined> {
  const catalog = modelCatalog(services);
  const pick = vscode.window.createQuickPick<ModelItem>();
  pick.title = `Venice: ${TYPE_LABELS[type].label} Models`;
  pick.placeholder = placeholderFor(type);
  pick.matchOnDescription = true;
  pick.buttons = [REFRESH_BUTTON];
  const current = currentSetting(type);
  let loadSeq = 0;

  const load = async (refresh: boolean): Promise<void> => {
    const seq = ++loadSeq;
    pick.busy = true;
    try {
      const models = await catalog.get(type, { refresh });
      if (seq !== loadSeq) return;
      const items = modelItems(models, current);
      pick.items = items.length ? items : [{ label: 'Venice lists no models of this kind for your key.', alwaysShow: true }];
      const active = items.find((i) => i.model?.id === current);
      if (active) pick.activeItems = [active];
    } catch (err) {
      if (seq !== loadSeq) return;
      log.warn(`Listing ${type} models failed: ${isVeniceError(err) ? `${err.kind} ${err.status ?? ''}` : String(err)}`);
      pick.items = errorItems(err);
    } finally {
      if (seq === loadSeq) pick.busy = false;
    }
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
        void vscode.commands.executeCommand('venice.setApiKey');
        return;
      }
      const model = item.model;
      if (!model) return;
      outcome.settleWith(() => afterPick(type, model), (err) => void showError('Venice', err));
    }),
  ]);
  pick.show();
  void load(false);
  return result;
}

async function afterPick(type: ListedModelType, model: VeniceModel): Promise<ModelPickResult | undefined> {
  const id = model.id;
  const shown = safeText(id);
  if (!isSaneModelId(id)) {
    void vscode.window.showWarningMessage(`The model id "${shown}" has unexpected characters, so it was not saved.`);
    return undefined;
  }
  if (type === 'text') {
    await updateUserSetting('chat.model', id);
    void vscode.window.showInformationMessage(`Venice chat now uses ${shown}.`);
    return { action: 'setChatModel', model: id };
  }
  if (type === 'image' || type === 'tts') {
    const setLabel = type === 'image' ? 'Set as default image model' : 'Set as speech model';
    const choice = await vscode.window.showQuickPick([{ label: setLabel }, { label: 'Copy model id' }], { title: `Venice: ${shown}` });
    if (!choice) return undefined;
    if (choice.label === 'Copy model id') return copyId(id);
    if (type === 'image') {
      await updateUserSetting('image.model', id);
      void vscode.window.showInformationMessage(`Venice images now use ${shown}.`);
      return { action: 'setImageModel', model: id };
    }
    await updateUserSetting('speech.model', id);
    const voices = Array.isArray(model.model_spec?.voices) ? model.model_spec.voices : [];
    if (voices.length && !voices.includes(config.speech.voice())) {
      // The old voice belongs to another model: let the user pick one of this model's voices.
      await vscode.commands.executeCommand('venice.chooseVoice', { model: id });
    } else {
      void vscode.window.showInformationMessage(`Venice speech now uses ${shown}.`);
    }
    return { action: 'setSpeechModel', model: id };
  }
  return copyId(id);
}

export function registerModelCommands(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.commands.registerCommand('venice.listModels', (args?: unknown) => listModels(services, args)));
}
