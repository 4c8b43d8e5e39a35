// The long-lived objects of one window, built once at activation by createServices() and handed to
// every feature. This file is the one place that says what exists, what it is built from and how
// it goes away: everything disposable is pushed to context.subscriptions here, and what must be
// awaited on deactivation (the HTTP pool) is in the returned shutdown list. Construction is cheap:
// nothing here touches the network or the disk.
import * as vscode from 'vscode';
import { affects, config, editorProxy, editorTlsTrust } from './config';
import { SETTINGS } from './ids';
import { VeniceImageService, type ImageService } from './images/service';
import { log } from './log';
import { ModelCatalog } from './llm/modelCatalog';
import { ApiKeyStore } from './secrets';
import { SemanticIndexService, type SemanticIndex } from './semantic/service';
import { ShutdownTasks } from './shutdown';
import { VeniceSpeechService, type SpeechService } from './speech/service';
import type { VeniceApi } from './venice/api';
import { VeniceClient } from './venice/client';
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
  const client = new VeniceClient({
    baseUrl: config.apiBaseUrl,
    getApiKey: () => keys.keyFor(config.apiBaseUrl()),
    timeoutMs: config.request.timeoutMs,
    maxRetries: config.request.maxRetries,
    userAgent: `venice-vscode/${version} vscode/${vscode.version}`,
    log: (level, message) => log[level](message),
    onResponseMeta: (meta, path, background) => metaEmitter.fire({ meta, path, background }),
    proxy: editorProxy,
    tls: editorTlsTrust,
  });
  shutdown.add('the Venice connection pool', () => client.close());

  const models = new ModelCatalog(client, { scope: config.apiBaseUrl, log: (m) => log.debug(m) });
  const images = new VeniceImageService(client, models);
  const speech = new VeniceSpeechService(client, models, context.extensionUri);
  const semantic = new SemanticIndexService(client, context);

  context.subscriptions.push(
    keys,
    metaEmitter,
    models,
    speech,
    semantic,
    // Another key or server may see other models: forget the list.
    keys.onDidChange(() => models.invalidate('the API key changed')),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, SETTINGS.apiBaseUrl)) models.invalidate('venice.apiBaseUrl changed');
    }),
  );
  return { services: { context, keys, client, onResponseMeta: metaEmitter.event, models, images, speech, semantic }, shutdown };
}
