// The Venice Assets tree: assets grouped by kind (Images, Videos, Audio, Transcripts), each with its
// prompt, model, size and date. It scans when VS Code first asks for its children (the view is
// shown) and again after Refresh or when a watched file appears or disappears, while it is visible.
import * as vscode from 'vscode';
import type { Asset } from './scan';
import { scanAssets } from './scan';
import { describeAsset, formatSize, type AssetKind } from './sidecar';

export type AssetNode = { type: 'group'; kind: AssetKind; assets: Asset[] } | { type: 'asset'; asset: Asset };

const GROUPS: ReadonlyArray<{ kind: AssetKind; label: string; icon: string }> = [
  { kind: 'image', label: 'Images', icon: 'file-media' },
  { kind: 'video', label: 'Videos', icon: 'device-camera-video' },
  { kind: 'audio', label: 'Audio', icon: 'unmute' },
  { kind: 'transcript', label: 'Transcripts', icon: 'note' },
];

/** Command ids a variation of a video or music asset runs, when that feature is installed. */
export const VARIATION_COMMANDS: Partial<Record<AssetKind, string>> = { video: 'venice.generateVideo', audio: 'venice.generateMusic' };

export class AssetTreeProvider implements vscode.TreeDataProvider<AssetNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AssetNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private assets: Promise<Asset[]> | undefined;
  private available = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly openCommand: string,
    private readonly isVisible: () => boolean,
  ) {
    // Files appearing or disappearing change the list; only sidecars and asset files matter.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{png,jpg,jpeg,webp,mp4,webm,mov,mp3,wav,flac,ogg,opus,aac,m4a,txt,srt,vtt,json}');
    this.disposables.push(
      watcher,
      watcher.onDidDelete((u) => this.fileGone(u)),
      watcher.onDidCreate(() => this.refreshSoon()),
      // What the Explorer and workspace edits delete, create or rename is reported here at once.
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((u) => this.fileGone(u))),
      vscode.workspace.onDidCreateFiles(() => this.refreshSoon()),
      vscode.workspace.onDidRenameFiles(() => this.refreshSoon()),
    );
  }

  refresh(): void {
    this.assets = undefined;
    this.changed.fire(undefined);
  }

  /** Re-reads later, once, when the view is visible (a hidden view re-reads when it is next shown). */
  private refreshSoon(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.isVisible()) this.refresh();
      else this.assets = undefined;
    }, 300);
  }

  private fileGone(uri: vscode.Uri): void {
    // A deleted folder takes its files with it: any listed asset at or below it is gone.
    const gone = uri.toString();
    if (this.assets === undefined) return;
    void this.assets.then((list) => {
      if (list.some((a) => a.uri.toString() === gone || a.uri.toString().startsWith(`${gone}/`) || `${a.uri.toString()}.json` === gone)) this.refreshSoon();
    });
  }

  /** The video/music commands present in this window (variations of those assets need them). */
  async refreshAvailableCommands(): Promise<void> {
    const all = new Set(await vscode.commands.getCommands(true));
    this.available = new Set(Object.values(VARIATION_COMMANDS).filter((id): id is string => id !== undefined && all.has(id)));
  }

  canVary(asset: Asset): boolean {
    if (!asset.meta?.prompt || (asset.meta.operation && asset.meta.operation !== 'generate')) return false;
    if (asset.kind === 'image') return true;
    const command = VARIATION_COMMANDS[asset.kind];
    return command !== undefined && this.available.has(command);
  }

  async getChildren(node?: AssetNode): Promise<AssetNode[]> {
    if (node?.type === 'asset') return [];
    if (node?.type === 'group') return node.assets.map((asset) => ({ type: 'asset', asset }));
    if (!this.assets) {
      this.assets = this.refreshAvailableCommands().then(() => scanAssets());
    }
    const assets = await this.assets;
    return GROUPS.map((g) => ({ type: 'group' as const, kind: g.kind, assets: assets.filter((a) => a.kind === g.kind) })).filter((g) => g.assets.length > 0);
  }

  getTreeItem(node: AssetNode): vscode.TreeItem {
    if (node.type === 'group') {
      const g = GROUPS.find((x) => x.kind === node.kind);
      const item = new vscode.TreeItem(g?.label ?? node.kind, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.assets.length);
      item.iconPath = new vscode.ThemeIcon(g?.icon ?? 'file');
      item.contextValue = 'group';
      item.id = `group:${node.kind}`;
      return item;
    }
    const a = node.asset;
    const item = new vscode.TreeItem(a.uri, vscode.TreeItemCollapsibleState.None);
    item.id = `asset:${a.uri.toString()}`;
    item.description = describeAsset(a.meta, a.size, a.modified);
    // A plain-text tooltip: sidecar text is untrusted and must not render as Markdown.
    item.tooltip = [
      a.relative,
      a.meta?.prompt ? `Prompt: ${a.meta.prompt}` : undefined,
      a.meta?.model ? `Model: ${a.meta.model}` : undefined,
      a.meta?.operation && a.meta.operation !== 'generate' ? `Made by: ${a.meta.operation}` : undefined,
      `Size: ${formatSize(a.size)}`,
      `Date: ${(a.meta?.createdAt ? new Date(a.meta.createdAt) : a.modified).toLocaleString()}`,
    ]
      .filter(Boolean)
      .join('\n');
    item.contextValue = this.canVary(a) ? 'asset variations' : 'asset';
    item.command = { command: this.openCommand, title: 'Open', arguments: [node] };
    item.accessibilityInformation = { label: `${a.relative}, ${item.description}` };
    return item;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}
