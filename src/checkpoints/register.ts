// Builds the checkpoint service once: its blobs live in the extension's storage (per workspace when
// a folder is open, like the chats they belong to), never in the workspace or its .git.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { BlobStore } from './blobStore';
import { CheckpointService } from './service';

export function createCheckpoints(context: vscode.ExtensionContext): CheckpointService {
  const base = context.storageUri ?? context.globalStorageUri;
  const service = new CheckpointService(new BlobStore(path.join(base.fsPath, 'checkpoints', 'blobs')));
  context.subscriptions.push(service);
  return service;
}
