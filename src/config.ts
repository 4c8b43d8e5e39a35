import * as vscode from 'vscode';
import type { ChatSettings, WebSearchMode } from './llm/planner';
import type { ProxySettings } from './venice/api';
import type { TlsTrust } from './venice/tlsTrust';

export type { WebSearchMode };
import { RESTRICTED_SETTINGS, SETTINGS, SETTINGS_SECTION, settingId, type SettingKey } from './ids';
import { isValidSlug } from './characters/format';
import { VENICE_ORIGIN } from './keyOrigin';

/** Every setting the extension reads, typed, in one place. Read fresh on each call. */
export type ImageFormat = 'webp' | 'png' | 'jpeg';
export type SpeechFormat = 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm';
export const CHANGING_TOOLS = ['insert_text', 'replace_selection', 'edit_file', 'create_file', 'generate_image', 'generate_video', 'generate_music', 'remove_background'] as const;
export type ChangingTool = (typeof CHANGING_TOOLS)[number];

export const DEFAULT_BASE_URL = `${VENICE_ORIGIN}/api/v1`;

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION);
}

/**
 * A setting's value as the code may use it. In Restricted Mode a workspace must not steer the model,
 * the prompt or the bill, so the restricted settings (`RESTRICTED_SETTINGS`) come from the user or
 * default level only, whatever VS Code itself filters.
 */
function read<T>(key: SettingKey): T | undefined {
  if (vscode.workspace.isTrusted || !RESTRICTED_SETTINGS.includes(key)) return section().get<T>(key);
  const inspected = section().inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/** venice.chat.character as written ('' when unset). */
function rawCharacter(): string {
  return str(read(SETTINGS.chatCharacter));
}

/**
 * venice.chat.character when it is set but is not a character slug (letters, digits, ".", "_", "-"):
 * the value may come from a repository's settings, so it is never sent nor shown as it is.
 */
export function invalidCharacterSetting(): string | undefined {
  const raw = rawCharacter();
  return raw && !isValidSlug(raw) ? raw : undefined;
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
    model: (): string => str(read(SETTINGS.chatModel)),
    temperature: (): number | undefined => {
      const v = read<number | null>(SETTINGS.chatTemperature);
      return typeof v === 'number' && Number.isFinite(v) ? num(v, 0.7, 0, 2) : undefined;
    },
    maxCompletionTokens: (): number | undefined => {
      const v = read<number | null>(SETTINGS.chatMaxCompletionTokens);
      return typeof v === 'number' && v >= 1 ? Math.floor(v) : undefined;
    },
    systemPrompt: (): string => str(read(SETTINGS.chatSystemPrompt)),
    includeVeniceSystemPrompt: (): boolean => read<boolean>(SETTINGS.chatIncludeVeniceSystemPrompt) === true,
    webSearch: (): WebSearchMode => oneOf(read(SETTINGS.chatWebSearch), ['off', 'auto', 'on'] as const, 'off'),
    /** A valid slug or '' (an invalid value is ignored; `invalidCharacterSetting` reports it). */
    character: (): string => (invalidCharacterSetting() ? '' : rawCharacter()),
  },
  tools: {
    enabled: (): boolean => read<boolean>(SETTINGS.toolsEnabled) !== false,
    /** Only the user's own (global) value counts: a workspace must not widen what runs unasked. */
    autoApprove: (): ChangingTool[] => {
      const v = section().inspect<unknown>(SETTINGS.toolsAutoApprove)?.globalValue;
      return Array.isArray(v) ? v.filter((t): t is ChangingTool => (CHANGING_TOOLS as readonly string[]).includes(t)) : [];
    },
    maxRounds: (): number => num(read(SETTINGS.toolsMaxRounds), 10, 1, 50),
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
    model: (): string => str(read(SETTINGS.imageModel)),
    outputFolder: (): string => str(read(SETTINGS.imageOutputFolder), 'images/generated') || 'images/generated',
    format: (): ImageFormat => oneOf(read(SETTINGS.imageFormat), ['webp', 'png', 'jpeg'] as const, 'webp'),
    style: (): string => str(read(SETTINGS.imageStyle)),
    safeMode: (): boolean => read<boolean>(SETTINGS.imageSafeMode) !== false,
    saveMetadata: (): boolean => read<boolean>(SETTINGS.imageSaveMetadata) === true,
  },
  speech: {
    model: (): string => str(read(SETTINGS.speechModel), 'tts-kokoro') || 'tts-kokoro',
    voice: (): string => str(read(SETTINGS.speechVoice), 'af_sky') || 'af_sky',
    speed: (): number => num(read(SETTINGS.speechSpeed), 1, 0.25, 4),
    format: (): SpeechFormat => oneOf(read(SETTINGS.speechFormat), ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const, 'mp3'),
  },
  video: {
    outputFolder: (): string => str(read(SETTINGS.videoOutputFolder), 'videos/generated') || 'videos/generated',
    saveMetadata: (): boolean => read<boolean>(SETTINGS.videoSaveMetadata) === true,
  },
  audio: {
    outputFolder: (): string => str(read(SETTINGS.audioOutputFolder), 'audio/generated') || 'audio/generated',
    saveMetadata: (): boolean => read<boolean>(SETTINGS.audioSaveMetadata) === true,
  },
  transcription: {
    /** Empty: Venice's default speech-recognition model. */
    model: (): string => str(read(SETTINGS.transcriptionModel)),
    saveMetadata: (): boolean => read<boolean>(SETTINGS.transcriptionSaveMetadata) === true,
  },
  completions: {
    enabled: (): boolean => read<boolean>(SETTINGS.completionsEnabled) !== false,
    model: (): string => str(read(SETTINGS.completionsModel)),
    debounceMs: (): number => Math.floor(num(read(SETTINGS.completionsDebounceMs), 250, 0, 2000)),
    disabledLanguages: (): string[] => {
      const v = read<unknown>(SETTINGS.completionsDisabledLanguages);
      return Array.isArray(v) ? v.filter((l): l is string => typeof l === 'string') : [];
    },
    /** Only the user's own (global) value counts: a workspace must not switch itself on in Restricted Mode. */
    allowInUntrustedWorkspaces: (): boolean => section().inspect<boolean>(SETTINGS.completionsAllowInUntrustedWorkspaces)?.globalValue === true,
  },
  request: {
    timeoutMs: (): number => num(read(SETTINGS.requestTimeoutSeconds), 60, 5, 600) * 1000,
    maxRetries: (): number => Math.floor(num(read(SETTINGS.requestMaxRetries), 2, 0, 5)),
  },
  mcp: {
    /** The user's MCP servers (unchecked JSON: src/mcp/config.ts reads it). User level only: they start processes. */
    servers: (): unknown => section().inspect<unknown>(SETTINGS.mcpServers)?.globalValue,
    /** Offered MCP tool names that run without asking (user level only). */
    autoApprove: (): string[] => {
      const v = section().inspect<unknown>(SETTINGS.mcpAutoApprove)?.globalValue;
      return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
    },
  },
};

/**
 * VS Code's own proxy settings (http.proxy, http.proxyStrictSSL, http.noProxy), for the Venice client.
 * Read from the user level only: a workspace must not route the key through a proxy of its choosing
 * (nor around the user's proxy).
 */
export function editorProxy(): ProxySettings | undefined {
  const http = vscode.workspace.getConfiguration('http');
  const url = str(http.inspect<string>('proxy')?.globalValue);
  if (!url) return undefined;
  const strict = http.inspect<boolean>('proxyStrictSSL');
  const noProxy = http.inspect<unknown>('noProxy')?.globalValue;
  const hosts = Array.isArray(noProxy) ? noProxy.filter((h): h is string => typeof h === 'string' && h.trim() !== '') : [];
  return { url, strictSSL: (strict?.globalValue ?? strict?.defaultValue) !== false, ...(hosts.length ? { noProxy: hosts } : {}) };
}

/** VS Code's http.systemCertificates (default on), user level: the Venice client trusts the OS's certificate store too. */
export function editorTlsTrust(): TlsTrust {
  const setting = vscode.workspace.getConfiguration('http').inspect<boolean>('systemCertificates');
  return { systemCertificates: (setting?.globalValue ?? setting?.defaultValue) !== false };
}

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
