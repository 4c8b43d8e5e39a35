// What the Venice Assets view's items do: open, reveal in the Explorer, copy a Markdown link, and
// "Generate variations" (same prompt and settings, a new seed): images through the image service,
// video and music through their commands with the stored arguments, when those commands exist.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { notifyError, notifyInfo } from '../ui/notify';
import { showError } from '../ui/showError';
import { isVeniceError } from '../venice/errors';
import type { Asset } from './scan';
import { markdownLink } from './sidecar';
import { VARIATION_COMMANDS, type AssetNode } from './tree';

/** The asset of a tree item (menus pass the node). */
function assetOf(node: unknown): Asset | undefined {
  const n = node as Partial<AssetNode> | undefined;
  return n && n.type === 'asset' && 'asset' in n ? n.asset : undefined;
}

export async function openAsset(node: unknown): Promise<void> {
  const asset = assetOf(node);
  if (asset) await vscode.commands.executeCommand('vscode.open', asset.uri, { preview: true });
}

export async function revealAsset(node: unknown): Promise<void> {
  const asset = assetOf(node);
  if (asset) await vscode.commands.executeCommand('revealInExplorer', asset.uri);
}

/** Copies `![name](path)` (images) or `[name](path)`, relative to the workspace folder; returns it. */
export async function copyAssetLink(node: unknown): Promise<string | undefined> {
  const asset = assetOf(node);
  if (!asset) return undefined;
  const link = markdownLink(asset.relative, asset.kind);
  await vscode.env.clipboard.writeText(link);
  void vscode.window.setStatusBarMessage('Copied the Markdown link to the clipboard.', 3000);
  return link;
}

/** A seed other than the one the original used (Venice's range, either sign). */
function newSeed(): number {
  return Math.floor(Math.random() * 999_999_998) + 1;
}

/** Generates a variation next to the original; returns the new file(s) as URI strings. */
export async function generateVariation(services: Services, node: unknown): Promise<string[] | undefined> {
  const asset = assetOf(node);
  const prompt = asset?.meta?.prompt;
  if (!asset || !prompt) return undefined;
  const settings = asset.meta?.settings ?? {};
  try {
    if (asset.kind === 'image') {
      const folder = path.relative(asset.folder.uri.fsPath, path.dirname(asset.uri.fsPath)).split(path.sep).join('/');
      const str = (k: string): string | undefined => (typeof settings[k] === 'string' ? (settings[k] as string) : undefined);
      const num = (k: string): number | undefined => (typeof settings[k] === 'number' ? (settings[k] as number) : undefined);
      const format = str('format');
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Venice: generating a variation…', cancellable: true }, (_p, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return services.images.generate(
          {
            prompt,
            model: asset.meta?.model,
            style: str('style') ?? '',
            negativePrompt: str('negativePrompt'),
            width: num('width'),
            height: num('height'),
            aspectRatio: num('width') === undefined ? str('aspectRatio') : undefined,
            format: format === 'png' || format === 'jpeg' || format === 'webp' ? format : undefined,
            seed: newSeed(),
            folder: folder || '.',
          },
          { signal: ac.signal },
        );
      });
      const first = result.uris[0];
      if (first) await vscode.commands.executeCommand('vscode.open', first, { preview: true });
      void notifyInfo(`Saved a variation of ${path.basename(asset.uri.fsPath)} as ${vscode.workspace.asRelativePath(first ?? asset.uri, false)}.`);
      return result.uris.map((u) => u.toString());
    }
    const command = VARIATION_COMMANDS[asset.kind];
    if (!command || !(await vscode.commands.getCommands(true)).includes(command)) {
      void notifyError(`Variations of ${asset.kind} need ${command ?? 'a generator'}, which is not available in this window.`);
      return undefined;
    }
    const args = { prompt, ...(asset.meta?.model ? { model: asset.meta.model } : {}), ...settings };
    const out = await vscode.commands.executeCommand<unknown>(command, args);
    return typeof out === 'string' ? [out] : Array.isArray(out) ? out.filter((x): x is string => typeof x === 'string') : undefined;
  } catch (err) {
    if (isVeniceError(err) && err.kind === 'cancelled') return undefined;
    void showError('Generating a variation failed', err);
    return undefined;
  }
}
