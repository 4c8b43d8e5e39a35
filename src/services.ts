// The long-lived objects of one window, built once at activation by createServices() and handed to
// every feature. This file is the one place that says what exists, what it is built from and how
// it goes away: everything disposable is pushed to context.subscriptions here, and what must be
// awaited on deactivation (the HTTP pool) is in the returned shutdown list. Construction is cheap:
// nothing here touches the network or the disk, and the client, images, speech and semantic index
// are stand-ins (util/lazy.ts lazyObject) whose code (src/serviceImpls.ts, the lazy chunk
// dist/services.js) loads when a feature first calls one of them, not at activation.
import * as vscode from 'vscode';
import { affects, config, editorProxy, editorTlsTrust } from './config';
import { SETTINGS, SETTINGS_SECTION } from './ids';
import type { ImageService } from './images/service';
import { log } from './log';
import { ModelCatalog } from './llm/modelCatalog';
import { ApiKeyStore } from './secrets';
import type { SemanticIndex } from './semantic/service';
import { ShutdownTasks } from './shutdown';
import { registerPlayerView } from './speech/playerRegister';
import type { SpeechService, VeniceSpeechService } from './speech/service';
import type { VeniceApi } from './venice/api';
import type { VeniceClient } from './venice/client';
import { lazy, lazyObject } from './util/lazy';
import { SettingsCache } from './util/settingsCache';
import type { ResponseMeta } from './venice/types';

/** Long-lived objects shared by features. Features use each other only through these interfaces. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly keys: ApiKeyStore;
  readonly client: VeniceApi;
  /** Fires with the meta of every Venice response (balance, limits, deprecation headers); `background`: see CallOptions. */
  readonly onResponseMeta: vscode.Event<ResponseMetaEvent>;
  /** The window's one catalogue of Venice models (all types), emptied when the key or venice.apiBaseUrl changes. */
  readonly models: ModelCatalog;
  /** Image generation, upscale and edit (images/). */
  readonly images: ImageService;
  /** Reading aloud, voices, saved speech (speech/). */
  readonly speech: SpeechService;
  /** The workspace's semantic index (semantic/). */
  readonly semantic: SemanticIndex;
}

export interface ResponseMetaEvent {
  meta: ResponseMeta;
  path: string;
  /** A request made while the user typed (inline completions): never a reason for a pop-up. */
  background: boolean;
}

export interface Composition {
  services: Services;
  /** What deactivate() must await; context.subscriptions covers the rest. */
  shutdown: ShutdownTasks;
}

export function createServices(context: vscode.ExtensionContext): Composition {
  const shutdown = new ShutdownTasks();
  const keys = new ApiKeyStore(context.secrets);
  const metaEmitter = new vscode.EventEmitter<ResponseMetaEvent>();
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
  const impls = lazy(() => require('./serviceImpls') as typeof import('./serviceImpls'));
  // The client's settings, read on every request, are kept until a venice.* or http.* setting (or
  // the workspace's trust) changes: the next request after a change reads them again.
  const settings = new SettingsCache(vscode.workspace.onDidChangeConfiguration, [SETTINGS_SECTION, 'http'], [vscode.workspace.onDidGrantWorkspaceTrust]);
  const baseUrl = settings.kept(config.apiBaseUrl);
  const client = lazyObject<VeniceClient>(
    () =>
      new (impls().VeniceClient)({
        baseUrl,
        getApiKey: () => keys.keyFor(baseUrl()),
        timeoutMs: settings.kept(config.request.timeoutMs),
        maxRetries: settings.kept(config.request.maxRetries),
        userAgent: `venice-vscode/${version} vscode/${vscode.version}`,
        log: (level, message) => log[level](message),
        onResponseMeta: (meta, path, background) => metaEmitter.fire({ meta, path, background }),
        proxy: settings.kept(editorProxy),
        tls: settings.kept(editorTlsTrust),
      }),
  );
  // A client never used has no pool to close.
  shutdown.add('the Venice connection pool', () => client.ifBuilt()?.close());

  const models = new ModelCatalog(client.proxy, { scope: config.apiBaseUrl, log: (m) => log.debug(m) });
  const images = lazyObject<ImageService>(() => new (impls().VeniceImageService)(client.proxy, models));
  const speech = lazyObject<VeniceSpeechService>(() => new (impls().VeniceSpeechService)(client.proxy, models, context.extensionUri));
  const semantic = lazyObject<SemanticIndex & vscode.Disposable>(() => new (impls().SemanticIndexService)(client.proxy, context));

  context.subscriptions.push(
    keys,
    settings,
    metaEmitter,
    models,
    // The Player view can be shown before anything is read aloud: its provider builds the service.
    registerPlayerView(() => speech.proxy.player),
    // Disposed only if something built them.
    { dispose: () => speech.ifBuilt()?.dispose() },
    { dispose: () => semantic.ifBuilt()?.dispose() },
    // Another key or server may see other models: forget the list.
    keys.onDidChange(() => models.invalidate('the API key changed')),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, SETTINGS.apiBaseUrl)) models.invalidate('venice.apiBaseUrl changed');
    }),
  );
  return {
    services: { context, keys, client: client.proxy, onResponseMeta: metaEmitter.event, models, images: images.proxy, speech: speech.proxy, semantic: semantic.proxy },
    shutdown,
  };
}
