// The chat's tool host composed as src/extension.ts composes it (editor tools plus the tools the
// image and semantic features contribute), as one module a probe can bundle and load on its own.
import type * as vscode from 'vscode';
import { VeniceImageService } from '../../../src/images/service';
import { generateImageTool } from '../../../src/images/tool';
import { ModelCatalog } from '../../../src/llm/modelCatalog';
import { SemanticIndexService } from '../../../src/semantic/service';
import { searchCodebaseTool } from '../../../src/semantic/tool';
import { createToolHost as createHost, type ToolHost } from '../../../src/tools';
import type { VeniceApi } from '../../../src/venice/api';

export function createToolHost(parts: { client: VeniceApi; context: vscode.ExtensionContext }): ToolHost {
  const semantic = new SemanticIndexService(parts.client, parts.context);
  parts.context.subscriptions.push(semantic);
  const images = new VeniceImageService(parts.client, new ModelCatalog(parts.client));
  return createHost(parts.context.subscriptions, [generateImageTool(images), searchCodebaseTool(semantic)], parts.context.globalStorageUri);
}
