// How a piece of attached context looks on a chip, in the composer and on sent messages alike.
import type { AttachmentView, ContextKind } from '../../src/shared/protocol';
import { formatCount, formatTokens } from './format';

const CHIP_ICONS: Record<ContextKind, string> = {
  file: 'file',
  selection: 'selection',
  problems: 'warning',
  terminal: 'terminal',
  git: 'git-compare',
  url: 'globe',
};

/** A chip's size: tokens first (what counts against the model's window), then lines. */
export function chipSize(a: AttachmentView): string {
  return `~${formatTokens(a.tokens)} tokens · ${formatCount(a.lines, 'line')}`;
}

export function chipIcon(kind: ContextKind): string {
  return CHIP_ICONS[kind] ?? 'file';
}
