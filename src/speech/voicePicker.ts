// Choosing a voice: the picker of every speech model's voices (▷ plays a sample), and saving the
// choice — model, voice and a format that model offers — to the user settings.
import * as vscode from 'vscode';
import { config, updateUserSetting } from '../config';
import { SETTINGS } from '../ids';
import { safeText } from '../models/format';
import type { ModelCatalog } from '../llm/modelCatalog';
import { quickPickResult } from '../ui/quickPickResult';
import type { VeniceModel } from '../venice/types';
import { defaultFormatOf, formatsOf, voicesOf, type SpeechFormatName } from './request';
import { reportSpeechError } from './source';
import { notifyInfo } from '../ui/notify';

export interface ChooseVoiceResult {
  model: string;
  voice: string;
  format: SpeechFormatName;
}

interface VoiceItem extends vscode.QuickPickItem {
  model?: VeniceModel;
  voice?: string;
}

const SAMPLE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('play'), tooltip: 'Hear a sample' };

/** Writes model and voice (and a format the model offers) to the user settings. */
export async function saveVoice(model: VeniceModel | undefined, modelId: string, voice: string): Promise<ChooseVoiceResult> {
  await updateUserSetting(SETTINGS.speechModel, modelId);
  await updateUserSetting(SETTINGS.speechVoice, voice);
  let format = config.speech.format();
  const formats = formatsOf(model);
  if (formats.length && !formats.includes(format)) {
    format = defaultFormatOf(model) ?? formats[0] ?? 'mp3';
    await updateUserSetting(SETTINGS.speechFormat, format);
  }
  return { model: modelId, voice, format };
}

/** The voice picker (of `onlyModel`'s voices when given). `playSample` reads a sample with one voice. */
export async function pickVoice(
  models: Pick<ModelCatalog, 'get'>,
  onlyModel: string | undefined,
  playSample: (sample: { text: string; model: string; voice: string }) => void,
): Promise<ChooseVoiceResult | undefined> {
  const pick = vscode.window.createQuickPick<VoiceItem>();
  pick.title = 'Venice: Choose Voice';
  pick.placeholder = 'Pick a voice (type to filter; ▷ plays a sample)';
  pick.matchOnDescription = true;
  pick.busy = true;
  pick.show();
  const currentModel = config.speech.model();
  const currentVoice = config.speech.voice();
  try {
    const listed = (await models.get('tts')).filter((m) => m.model_spec?.offline !== true && (!onlyModel || m.id === onlyModel));
    const items: VoiceItem[] = [];
    for (const model of listed.slice(0, 50)) {
      const voices = voicesOf(model).slice(0, 200);
      if (!voices.length) continue;
      const name = safeText(model.model_spec?.name) || safeText(model.id);
      items.push({ label: `${name} (${safeText(model.id)})`, kind: vscode.QuickPickItemKind.Separator });
      for (const voice of voices) {
        const current = model.id === currentModel && voice === currentVoice;
        items.push({ label: `${current ? '$(check) ' : ''}${safeText(voice, 60)}`, description: safeText(model.id), model, voice, buttons: [SAMPLE_BUTTON] });
      }
    }
    if (!items.length) {
      pick.items = [{ label: onlyModel ? `Venice lists no voices for ${safeText(onlyModel)}.` : 'Venice lists no speech models for your key.' }];
    } else {
      pick.items = items;
      const active = items.find((i) => i.model?.id === currentModel && i.voice === currentVoice);
      if (active) pick.activeItems = [active];
    }
  } catch (err) {
    pick.hide();
    pick.dispose();
    reportSpeechError('Choose voice', err);
    return undefined;
  } finally {
    pick.busy = false;
  }

  return quickPickResult<VoiceItem, ChooseVoiceResult>(pick, (outcome) => [
    pick.onDidTriggerItemButton((e) => {
      if (!e.item.model || !e.item.voice) return;
      playSample({ text: `Hello, this is ${e.item.voice} from Venice.`, model: e.item.model.id, voice: e.item.voice });
    }),
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      const model = item?.model;
      const voice = item?.voice;
      if (!model || !voice) return;
      outcome.settleWith(
        async () => {
          const r = await saveVoice(model, model.id, voice);
          void notifyInfo(`Venice reads with ${safeText(r.voice, 60)} (${safeText(r.model)}).`);
          return r;
        },
        (err) => reportSpeechError('Choose voice', err),
      );
    }),
  ]);
}
