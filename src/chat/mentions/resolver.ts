// One entry point for the chat's "@" mentions: the "@file:" list and turning a picked mention into a
// context chip. The chat router calls it; the sources live in sources.ts.
import type { ContextKind } from '../../shared/protocol';
import { WorkspaceFileIndex } from './fileIndex';
import { fileMention, gitMention, problemsMention, selectionMention, terminalMention, urlMention, type MentionDeps, type MentionResult } from './sources';

export class MentionResolver {
  private readonly files = new WorkspaceFileIndex();

  constructor(private readonly deps: MentionDeps) {}

  findFiles(query: string, max: number, signal: AbortSignal): Promise<string[]> {
    return this.files.search(query, max, signal);
  }

  async resolve(kind: ContextKind, value: string | undefined, signal: AbortSignal): Promise<MentionResult> {
    switch (kind) {
      case 'file':
        return value ? fileMention(value, this.deps) : { error: 'Venice: pick a file after @file:.' };
      case 'selection':
        return selectionMention();
      case 'problems':
        return problemsMention();
      case 'terminal':
        return terminalMention(this.deps);
      case 'git':
        return gitMention();
      case 'url':
        return value ? urlMention(value, this.deps, signal) : { error: 'Venice: type or paste an address after @url:.' };
    }
  }
}
