// Every command id, setting key and view id the extension contributes in package.json, as typed
// constants: code names them through these (a typo is a compile error, not a silent no-op), and a
// unit test checks they match package.json exactly, both ways. No `vscode` import.

/** Command ids (package.json `contributes.commands`). */
export const COMMANDS = {
  setApiKey: 'venice.setApiKey',
  clearApiKey: 'venice.clearApiKey',
  openChat: 'venice.openChat',
  newChat: 'venice.newChat',
  listModels: 'venice.listModels',
  generateImage: 'venice.generateImage',
  readAloud: 'venice.readAloud',
  stopReading: 'venice.stopReading',
  upscaleImage: 'venice.upscaleImage',
  editImage: 'venice.editImage',
  chooseVoice: 'venice.chooseVoice',
  saveSpeech: 'venice.saveSpeech',
  chooseCharacter: 'venice.chooseCharacter',
  showAccount: 'venice.showAccount',
  indexWorkspace: 'venice.indexWorkspace',
  semanticSearch: 'venice.semanticSearch',
  mcpShowServers: 'venice.mcp.showServers',
  generateVideo: 'venice.generateVideo',
  generateMusic: 'venice.generateMusic',
  // Asset studio (issue 16): background removal, combining images, transcription, the asset gallery.
  removeBackground: 'venice.removeBackground',
  combineImages: 'venice.combineImages',
  transcribeAudio: 'venice.transcribeAudio',
  assetsRefresh: 'venice.assets.refresh',
  assetsOpen: 'venice.assets.open',
  assetsReveal: 'venice.assets.reveal',
  assetsCopyMarkdownLink: 'venice.assets.copyMarkdownLink',
  assetsGenerateVariations: 'venice.assets.generateVariations',
  completionsToggle: 'venice.completions.toggle',
  completionsSnooze: 'venice.completions.snooze',
  completionsMenu: 'venice.completions.showMenu',
} as const;
export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** The configuration section every setting lives in. */
export const SETTINGS_SECTION = 'venice';

/**
 * Setting keys inside the `venice` section (package.json `contributes.configuration` properties,
 * without the `venice.` prefix), as `WorkspaceConfiguration.get` and `updateUserSetting` take them.
 */
export const SETTINGS = {
  apiBaseUrl: 'apiBaseUrl',
  chatModel: 'chat.model',
  chatTemperature: 'chat.temperature',
  chatMaxCompletionTokens: 'chat.maxCompletionTokens',
  chatSystemPrompt: 'chat.systemPrompt',
  chatIncludeVeniceSystemPrompt: 'chat.includeVeniceSystemPrompt',
  chatWebSearch: 'chat.webSearch',
  chatCharacter: 'chat.character',
  toolsEnabled: 'tools.enabled',
  toolsAutoApprove: 'tools.autoApprove',
  toolsMaxRounds: 'tools.maxRounds',
  toolsAllowedCommands: 'tools.allowedCommands',
  toolsCommandTimeoutSeconds: 'tools.commandTimeoutSeconds',
  imageModel: 'image.model',
  imageOutputFolder: 'image.outputFolder',
  imageFormat: 'image.format',
  imageStyle: 'image.style',
  imageSafeMode: 'image.safeMode',
  imageSaveMetadata: 'image.saveMetadata',
  speechModel: 'speech.model',
  speechVoice: 'speech.voice',
  speechSpeed: 'speech.speed',
  speechFormat: 'speech.format',
  requestTimeoutSeconds: 'request.timeoutSeconds',
  requestMaxRetries: 'request.maxRetries',
  mcpServers: 'mcp.servers',
  mcpAutoApprove: 'mcp.autoApprove',
  videoOutputFolder: 'video.outputFolder',
  videoSaveMetadata: 'video.saveMetadata',
  audioOutputFolder: 'audio.outputFolder',
  audioSaveMetadata: 'audio.saveMetadata',
  transcriptionModel: 'transcription.model',
  transcriptionSaveMetadata: 'transcription.saveMetadata',
  completionsEnabled: 'completions.enabled',
  completionsModel: 'completions.model',
  completionsDebounceMs: 'completions.debounceMs',
  completionsDisabledLanguages: 'completions.disabledLanguages',
  completionsAllowInUntrustedWorkspaces: 'completions.allowInUntrustedWorkspaces',
} as const;
export type SettingKey = (typeof SETTINGS)[keyof typeof SETTINGS];

/**
 * Settings a workspace must not set in Restricted Mode: they steer the model, start or approve
 * something, spend money or choose where the key goes. package.json lists the same ids in
 * `capabilities.untrustedWorkspaces.restrictedConfigurations` (a unit test checks), and `src/config.ts`
 * reads them from the user and default levels only while the workspace is not trusted.
 */
export const RESTRICTED_SETTINGS: readonly SettingKey[] = [
  SETTINGS.apiBaseUrl,
  SETTINGS.toolsAutoApprove,
  SETTINGS.toolsAllowedCommands,
  SETTINGS.toolsCommandTimeoutSeconds,
  SETTINGS.imageOutputFolder,
  SETTINGS.chatSystemPrompt,
  SETTINGS.chatCharacter,
  SETTINGS.chatModel,
  SETTINGS.chatWebSearch,
  SETTINGS.chatIncludeVeniceSystemPrompt,
  SETTINGS.chatMaxCompletionTokens,
  SETTINGS.toolsMaxRounds,
  SETTINGS.imageSafeMode,
  SETTINGS.speechVoice,
  SETTINGS.speechModel,
  SETTINGS.mcpServers,
  SETTINGS.mcpAutoApprove,
  SETTINGS.videoOutputFolder,
  SETTINGS.audioOutputFolder,
  SETTINGS.transcriptionModel,
  SETTINGS.completionsEnabled,
  SETTINGS.completionsModel,
  SETTINGS.completionsDebounceMs,
  SETTINGS.completionsAllowInUntrustedWorkspaces,
];

/** The full id of a setting, as package.json and `affectsConfiguration` spell it. */
export function settingId(key: SettingKey): `venice.${SettingKey}` {
  return `${SETTINGS_SECTION}.${key}`;
}

/** View container and views (package.json `contributes.viewsContainers` / `contributes.views`). */
export const VIEWS = {
  container: 'venice',
  chat: 'venice.chatView',
  player: 'venice.playerView',
  assets: 'venice.assetsView',
} as const;

/** The vendor under which Venice's models appear in VS Code's language model API (package.json `languageModelChatProviders`). */
export const LM_VENDOR = 'venice';

/** The provider that publishes the user's `venice.mcp.servers` to VS Code (package.json `mcpServerDefinitionProviders`). */
export const MCP_PROVIDER_ID = 'venice.mcpServers';
