// Registers the Venice Assets view and its item commands at activation as thin stubs: the tree
// provider and the actions (galleryImpl.ts) are a lazy chunk, required when the view is first shown.
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../ids';
import type { Services } from '../services';

type Impl = typeof import('./galleryImpl');
type Provider = InstanceType<Impl['AssetTreeProvider']>;
let impl: Impl | undefined;

function load(): Impl {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
  impl ??= require('./galleryImpl') as Impl;
  return impl;
}

/** Forwards to the real provider, made on the first call VS Code makes (the view is visible). */
class LazyAssetTree implements vscode.TreeDataProvider<unknown>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<unknown>();
  readonly onDidChangeTreeData = this.changed.event;
  private real: Provider | undefined;
  private forward: vscode.Disposable | undefined;
  view: vscode.TreeView<unknown> | undefined;

  provider(): Provider {
    if (!this.real) {
      this.real = new (load().AssetTreeProvider)(COMMANDS.assetsOpen, () => this.view?.visible === true);
      this.forward = this.real.onDidChangeTreeData((n) => this.changed.fire(n));
    }
    return this.real;
  }

  getChildren(node?: unknown): Promise<unknown[]> {
    return this.provider().getChildren(node as Parameters<Provider['getChildren']>[0]);
  }

  getTreeItem(node: unknown): vscode.TreeItem {
    return this.provider().getTreeItem(node as Parameters<Provider['getTreeItem']>[0]);
  }

  refresh(): void {
    if (this.real) this.real.refresh();
    else this.changed.fire(undefined);
  }

  dispose(): void {
    this.forward?.dispose();
    this.real?.dispose();
    this.changed.dispose();
  }
}

export function registerGallery(context: vscode.ExtensionContext, services: Services): void {
  const tree = new LazyAssetTree();
  const view = vscode.window.createTreeView(VIEWS.assets, { treeDataProvider: tree, showCollapseAll: true });
  tree.view = view;
  context.subscriptions.push(
    tree,
    view,
    // Shown again after a while: what changed meanwhile (another window, git) appears.
    view.onDidChangeVisibility((e) => {
      if (e.visible) tree.refresh();
    }),
    vscode.commands.registerCommand(COMMANDS.assetsRefresh, () => tree.refresh()),
    vscode.commands.registerCommand(COMMANDS.assetsOpen, (node?: unknown) => load().openAsset(node)),
    vscode.commands.registerCommand(COMMANDS.assetsReveal, (node?: unknown) => load().revealAsset(node)),
    vscode.commands.registerCommand(COMMANDS.assetsCopyMarkdownLink, (node?: unknown) => load().copyAssetLink(node)),
    vscode.commands.registerCommand(COMMANDS.assetsGenerateVariations, async (node?: unknown) => {
      const made = await load().generateVariation(services, node);
      // The new file belongs in the list now, whether or not the file watcher reports it.
      if (made?.length) tree.refresh();
      return made;
    }),
  );
}
