// Messages between the host (src/speech/playerView.ts) and the audio player webview
// (webview-ui/audio). Types are shared; the host validates everything the webview sends.
// No `vscode` import and no DOM: compiled into both bundles.

/** Host → player. `session` numbers one reading; anything for an older session is ignored. */
export type ToPlayer =
  /** A new reading starts: forget older audio. */
  | { type: 'start'; session: number; total: number; title: string }
  /** One part's audio, in order. `data` is the encoded audio (mp3, wav…). */
  | { type: 'part'; session: number; index: number; mime: string; data: Uint8Array }
  /** Every part has been sent (or the rest failed): play what is queued, then finish. */
  | { type: 'end'; session: number; total: number }
  /** Stop now and drop queued audio. */
  | { type: 'stop'; session: number; reason: string };

export type PartState = 'playing' | 'ended' | 'blocked' | 'error';

/** Player → host. */
export type FromPlayer =
  | { type: 'ready' }
  | { type: 'part'; session: number; index: number; state: PartState; message?: string }
  /** The user pressed Stop in the player. */
  | { type: 'stop'; session: number };

const MAX_INDEX = 10_000;
const MAX_MESSAGE = 300;

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_INDEX;
}

function isSession(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER;
}

const PART_STATES: readonly PartState[] = ['playing', 'ended', 'blocked', 'error'];

/** Validates a message from the player webview; anything else is dropped. */
export function parseFromPlayer(raw: unknown): FromPlayer | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'stop':
      return isSession(m.session) ? { type: 'stop', session: m.session } : undefined;
    case 'part': {
      if (!isSession(m.session) || !isIndex(m.index)) return undefined;
      if (typeof m.state !== 'string' || !(PART_STATES as readonly string[]).includes(m.state)) return undefined;
      const message = typeof m.message === 'string' ? m.message.slice(0, MAX_MESSAGE) : undefined;
      return { type: 'part', session: m.session, index: m.index, state: m.state as PartState, ...(message ? { message } : {}) };
    }
    default:
      return undefined;
  }
}

/** Validates a message from the host (the webview's own guard against malformed data). */
export function parseToPlayer(raw: unknown): ToPlayer | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'start':
      return isSession(m.session) && isIndex(m.total) && typeof m.title === 'string' ? { type: 'start', session: m.session, total: m.total, title: m.title.slice(0, 200) } : undefined;
    case 'part': {
      if (!isSession(m.session) || !isIndex(m.index) || typeof m.mime !== 'string' || !/^audio\/[a-z0-9.+-]{1,40}$/.test(m.mime)) return undefined;
      const data = m.data instanceof Uint8Array ? m.data : m.data instanceof ArrayBuffer ? new Uint8Array(m.data) : undefined;
      return data && data.byteLength > 0 ? { type: 'part', session: m.session, index: m.index, mime: m.mime, data } : undefined;
    }
    case 'end':
      return isSession(m.session) && isIndex(m.total) ? { type: 'end', session: m.session, total: m.total } : undefined;
    case 'stop':
      return isSession(m.session) && typeof m.reason === 'string' ? { type: 'stop', session: m.session, reason: m.reason.slice(0, 200) } : undefined;
    default:
      return undefined;
  }
}
