import * as vscode from 'vscode';
import { config } from './config';
import { log } from './log';
import { ApiKeyStore } from './secrets';
import type { VeniceApi } from './venice/api';
import { VeniceClient } from './venice/client';
import type { ResponseMeta } from './venice/types';

/** Long-lived objects shared by features. Built once at activation; cheap to construct. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly keys: ApiKeyStore;
  readonly client: VeniceApi;
  /** Fires with the meta of every Venice response (balance, limits, deprecation headers). */
  readonly onResponseMeta: vscode.Event<{ meta: ResponseMeta; path: string }>;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const keys = new ApiKeyStore(context.secrets);
  const metaEmitter = new vscode.EventEmitter<{ meta: ResponseMeta; path: string }>();
  context.subscriptions.push(keys, metaEmitter);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0');
  const client = new VeniceClient({
    baseUrl: config.apiBaseUrl,
    getApiKey: () => keys.get(),
    timeoutMs: config.request.timeoutMs,
    maxRetries: config.request.maxRetries,
    userAgent: `venice-vscode/${version} vscode/${vscode.version}`,
    log: (level, message) => log[level](message),
    onResponseMeta: (meta, path) => metaEmitter.fire({ meta, path }),
  });
  return { context, keys, client, onResponseMeta: metaEmitter.event };
}
