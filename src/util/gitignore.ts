// .gitignore rules for the indexer, through the `ignore` package (git's own matching rules:
// negation, anchored and directory patterns). Each .gitignore applies to the paths below its folder,
// like git. Paths are workspace labels with forward slashes. No `vscode` import.
import ignore, { type Ignore } from 'ignore';

export class GitIgnoreRules {
  /** Folder label ('' for the root) -> rules of the .gitignore in it. */
  private readonly byDir = new Map<string, Ignore>();

  /** `gitignorePath` is the label of the .gitignore file itself, e.g. "src/.gitignore". */
  add(gitignorePath: string, content: string): void {
    const norm = gitignorePath.replace(/\\/g, '/');
    const slash = norm.lastIndexOf('/');
    const dir = slash === -1 ? '' : norm.slice(0, slash);
    const rules = this.byDir.get(dir) ?? ignore();
    rules.add(content);
    this.byDir.set(dir, rules);
  }

  get size(): number {
    return this.byDir.size;
  }

  /** True when a .gitignore in the file's folder or any folder above it ignores the file. */
  ignores(label: string): boolean {
    const norm = label.replace(/\\/g, '/').replace(/^\/+/, '');
    for (const [dir, rules] of this.byDir) {
      if (dir && norm !== dir && !norm.startsWith(`${dir}/`)) continue;
      const relative = dir ? norm.slice(dir.length + 1) : norm;
      if (!relative) continue;
      try {
        if (rules.ignores(relative)) return true;
      } catch {
        // `ignore` throws on paths it considers invalid (e.g. "../x"); such a path is not ours to judge.
      }
    }
    return false;
  }
}
