import * as vscode from 'vscode';
import type { ChatSettings, WebSearchMode } from './llm/planner';

export type { WebSearchMode };
import { SETTINGS, SETTINGS_SECTION, settingId, type SettingKey } from './ids';

/** Every setting the extension reads, typed, in one place. Read fresh on each call. */
export type ImageFormat = 'webp' | 'png' | 'jpeg';
export type SpeechFormat = 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm';
export const CHANGING_TOOLS = ['insert_text', 'replace_selection', 'edit_file', 'create_file', 'generate_image'] as const;
export type ChangingTool = (typeof CHANGING_TOOLS)[number];

export const DEFAULT_BASE_URL = 'https://api.venice.ai/api/v1';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION);
}

function num(v: unknown, fallback: number, min: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v.trim() : fallback;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/**
 * The base URL is read only from the user (global) level: it is application-scoped in package.json,
 * and we also ignore workspace values here so a workspace can never send the key elsewhere.
 */
export function apiBaseUrl(): string {
  const inspected = section().inspect<string>(SETTINGS.apiBaseUrl);
  const value = str(inspected?.globalValue) || DEFAULT_BASE_URL;
  return value.replace(/\/+$/, '');
}

export const config = {
  apiBaseUrl,
  chat: {
    model: (): string => str(section().get(SETTINGS.chatModel)),
    temperature: (): number | undefined => {
      const v = section().get<number | null>(SETTINGS.chatTemperature);
      return typeof v === 'number' && Number.isFinite(v) ? num(v, 0.7, 0, 2) : undefined;
    },
    maxCompletionTokens: (): number | undefined => {
      const v = section().get<number | null>(SETTINGS.chatMaxCompletionTokens);
      return typeof v === 'number' && v >= 1 ? Math.floor(v) : undefined;
    },
    systemPrompt: (): string => str(section().get(SETTINGS.chatSystemPrompt)),
    includeVeniceSystemPrompt: (): boolean => section().get<boolean>(SETTINGS.chatIncludeVeniceSystemPrompt) === true,
    webSearch: (): WebSearchMode => oneOf(section().get(SETTINGS.chatWebSearch), ['off', 'auto', 'on'] as const, 'off'),
    character: (): string => str(section().get(SETTINGS.chatCharacter)),
  },
  tools: {
    enabled: (): boolean => section().get<boolean>(SETTINGS.toolsEnabled) !== false,
    /** Only the user's own (global) value counts: a workspace must not widen what runs unasked. */
    autoApprove: (): ChangingTool[] => {
      const v = section().inspect<unknown>(SETTINGS.toolsAutoApprove)?.globalValue;
      return Array.isArray(v) ? v.filter((t): t is ChangingTool => (CHANGING_TOOLS as readonly string[]).includes(t)) : [];
    },
    maxRounds: (): number => num(section().get(SETTINGS.toolsMaxRounds), 10, 1, 50),
    /** Command prefixes run_command may run without asking. Only the user's own (global) value counts. */
    allowedCommands: (): unknown[] => {
      const v = section().inspect<unknown>(SETTINGS.toolsAllowedCommands)?.globalValue;
      return Array.isArray(v) ? v : [];
    },
    /** Default time limit of run_command, in seconds (user level, like the list above). */
    commandTimeoutSeconds: (): number => {
      const v = section().inspect<unknown>(SETTINGS.toolsCommandTimeoutSeconds)?.globalValue;
      return Math.floor(num(v, 120, 1, 3600));
    },
  },
  image: {
    model: (): string => str(section().get(SETTINGS.imageModel)),
    outputFolder: (): string => str(section().get(SETTINGS.imageOutputFolder), 'images/generated') || 'images/generated',
    format: (): ImageFormat => oneOf(section().get(SETTINGS.imageFormat), ['webp', 'png', 'jpeg'] as const, 'webp'),
    style: (): string => str(section().get(SETTINGS.imageStyle)),
    safeMode: (): boolean => section().get<boolean>(SETTINGS.imageSafeMode) !== false,
    saveMetadata: (): boolean => section().get<boolean>(SETTINGS.imageSaveMetadata) === true,
  },
  speech: {
    model: (): string => str(section().get(SETTINGS.speechModel), 'tts-kokoro') || 'tts-kokoro',
    voice: (): string => str(section().get(SETTINGS.speechVoice), 'af_sky') || 'af_sky',
    speed: (): number => num(section().get(SETTINGS.speechSpeed), 1, 0.25, 4),
    format: (): SpeechFormat => oneOf(section().get(SETTINGS.speechFormat), ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const, 'mp3'),
  },
  request: {
    timeoutMs: (): number => num(section().get(SETTINGS.requestTimeoutSeconds), 60, 5, 600) * 1000,
    maxRetries: (): number => Math.floor(num(section().get(SETTINGS.requestMaxRetries), 2, 0, 5)),
  },
};

/** The chat settings every surface answers with (the chat view, @venice; the lm provider uses some). */
export function chatSettings(): ChatSettings {
  return {
    model: config.chat.model(),
    temperature: config.chat.temperature(),
    maxCompletionTokens: config.chat.maxCompletionTokens(),
    systemPrompt: config.chat.systemPrompt(),
    includeVeniceSystemPrompt: config.chat.includeVeniceSystemPrompt(),
    webSearch: config.chat.webSearch(),
    character: config.chat.character(),
    maxToolRounds: config.tools.maxRounds(),
  };
}

/** Writes a user-level setting (never workspace): used by pickers such as the model picker. */
export async function updateUserSetting(key: SettingKey, value: unknown): Promise<void> {
  await section().update(key, value, vscode.ConfigurationTarget.Global);
}

export function affects(e: vscode.ConfigurationChangeEvent, key: SettingKey): boolean {
  return e.affectsConfiguration(settingId(key));
}
