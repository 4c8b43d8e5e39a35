// The chat router's half of "@" mentions: answers the "@file:" list and turns a picked mention into a
// context chip, saying plainly what could not be attached. Fetching a web page shows a cancellable
// progress notification; the other sources answer at once.
import * as vscode from 'vscode';
import { notifyInfo } from '../../ui/notify';
import { MAX_ATTACHMENTS, MAX_MENTION_FILES, type ContextKind, type ToWebview } from '../../shared/protocol';
import type { Attachment } from '../model';
import type { MentionResolver } from './resolver';

export interface MentionTarget {
  addAttachment(a: Attachment): boolean;
  post(m: ToWebview): void;
}

export async function answerFileQuery(resolver: MentionResolver, target: MentionTarget, query: string): Promise<void> {
  const files = await resolver.findFiles(query, MAX_MENTION_FILES, new AbortController().signal);
  target.post({ type: 'mentionFiles', query, files });
}

export async function addMention(resolver: MentionResolver, target: MentionTarget, kind: ContextKind, value: string | undefined): Promise<void> {
  const result =
    kind === 'url'
      ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Venice: fetching the page…', cancellable: true }, (_p, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return resolver.resolve(kind, value, abort.signal);
        })
      : await resolver.resolve(kind, value, new AbortController().signal);
  if ('error' in result) {
    void notifyInfo(result.error);
    return;
  }
  if (!target.addAttachment(result)) void notifyInfo(`Venice: a message can carry at most ${MAX_ATTACHMENTS} pieces of context.`);
}
