// While an answer streams, the host sends its text only as deltas and everything else as patches
// that say how long each round's text is; when the answer ends, the patch also carries a digest of
// the host's text. This merges a patch into the webview's copy and says whether the copy's text is
// the host's, so a copy that missed a delta can ask for the whole message. Plain data, no DOM.
import { answerDigest } from '../../src/shared/answerDigest';
import type { AnswerPatchView, AssistantMessageView } from '../../src/shared/protocol';

export interface MergedAnswer {
  view: AssistantMessageView;
  /** The copy's text has the host's lengths (and digest, when one was sent). */
  inSync: boolean;
}

export function mergeAnswerPatch(local: AssistantMessageView, patch: AnswerPatchView, digest?: string): MergedAnswer {
  let inSync = local.rounds.length <= patch.rounds.length;
  const rounds = patch.rounds.map((p, i) => {
    const text = local.rounds[i]?.text ?? '';
    const reasoning = local.rounds[i]?.reasoning ?? '';
    if (text.length !== p.textLength || reasoning.length !== p.reasoningLength) inSync = false;
    return { text, reasoning, toolCalls: p.toolCalls };
  });
  if (inSync && digest !== undefined && answerDigest(rounds) !== digest) inSync = false;
  return { view: { ...patch, rounds }, inSync };
}
