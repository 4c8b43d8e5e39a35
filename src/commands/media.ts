// Registers the media features: the model list, images (generate, upscale, edit) and speech
// (read aloud, stop, choose voice, save to file, and the Player view).
import type * as vscode from 'vscode';
import type { Services } from '../services';
import { registerImageCommands } from './images';
import { registerModelCommands } from './models';
import { registerSpeechCommands } from './speech';

export function registerMediaCommands(context: vscode.ExtensionContext, services: Services): void {
  registerModelCommands(context, services);
  registerImageCommands(context, services);
  registerSpeechCommands(context, services);
}
