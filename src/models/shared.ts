// The one ModelCatalog of this window, wired to the key and the base URL, and the resolveModel()
// helper built on it. Any feature can use these:
//   const models = await modelCatalog(services).get('image');
//   const id = await resolveModel(services, 'image', config.image.model());
import * as vscode from 'vscode';
import { apiBaseUrl } from '../config';
import type { Services } from '../services';
import type { CallOptions } from '../venice/api';
import { ModelCatalog, type ListedModelType } from '../llm/modelCatalog';
import { resolveModelId } from '../llm/modelResolve';

const catalogs = new WeakMap<Services, ModelCatalog>();

export function modelCatalog(services: Services): ModelCatalog {
  let catalog = catalogs.get(services);
  if (catalog) return catalog;
  const created = new ModelCatalog(services.client, { scope: apiBaseUrl });
  catalogs.set(services, created);
  services.context.subscriptions.push(
    services.keys.onDidChange(() => created.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('venice.apiBaseUrl')) created.refresh();
    }),
  );
  catalog = created;
  return catalog;
}

/** The model id to send for `type` given the user's setting value (empty = Venice's default). */
export function resolveModel(services: Services, type: ListedModelType, settingValue: string | undefined, opts?: CallOptions): Promise<string | undefined> {
  return resolveModelId(modelCatalog(services), type, settingValue, opts);
}
