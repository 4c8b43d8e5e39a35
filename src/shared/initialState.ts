// The chat's first state, written by the host into the page it builds (a JSON data block), so the
// webview draws the conversation while its script starts instead of after a ready → state round
// trip. The token names one page: a document reloaded from the same page (the view was hidden and
// shown) has seen it and waits for the host's fresh state instead.
import type { ChatStateView } from './chatViews';

/** Id of the `<script type="application/json">` element that holds an InitialState. */
export const INITIAL_STATE_ID = 'venice-initial-state';

export interface InitialState {
  /** Unique per page the host builds. */
  token: string;
  state: ChatStateView;
}

/** The embedded state when the block is there and has its shape (the host wrote it; anything else is ignored). */
export function parseInitialState(json: string | null | undefined): InitialState | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as { token?: unknown; state?: { activeId?: unknown; messages?: unknown } };
    if (typeof v?.token !== 'string' || typeof v.state?.activeId !== 'string' || !Array.isArray(v.state.messages)) return undefined;
    return v as InitialState;
  } catch {
    return undefined;
  }
}
