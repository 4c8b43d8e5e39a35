// The workspace files the "@file:" list offers: findFiles (files.exclude and search.exclude applied,
// files leading outside the workspace refused), minus what .gitignore files ignore. Listed once and
// kept for a short while, so each keystroke after "@file:" only ranks (fuzzy.ts), never lists.
import { listWorkspaceFiles } from '../../tools/handlers/workspaceFiles';
import { gitIgnoreRulesOf } from '../../tools/gitignoreRules';
import { rankPaths } from './fuzzy';

/** Files listed at most; a larger workspace is matched within its first ones (findFiles order). */
const MAX_LISTED = 20_000;
/** A listing is reused this long: files created meanwhile show up on the next listing. */
const FRESH_MS = 10_000;

export class WorkspaceFileIndex {
  private listing: { at: number; labels: Promise<string[]> } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  async search(query: string, max: number, signal: AbortSignal): Promise<string[]> {
    return rankPaths(query, await this.labels(signal), max);
  }

  private labels(signal: AbortSignal): Promise<string[]> {
    if (this.listing && this.now() - this.listing.at < FRESH_MS) return this.listing.labels;
    const labels = (async () => {
      const listing = await listWorkspaceFiles('**/*', MAX_LISTED, signal);
      const rules = await gitIgnoreRulesOf(listing.files);
      return listing.files.map((f) => f.label).filter((label) => !rules.ignores(label));
    })();
    this.listing = { at: this.now(), labels };
    // A failed or cancelled listing is not kept.
    labels.catch(() => {
      if (this.listing?.labels === labels) this.listing = undefined;
    });
    return labels;
  }
}
