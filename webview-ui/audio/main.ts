// The audio player webview: a native <audio> element with controls, a status line, and Play/Stop
// buttons. Audio arrives as bytes from the host and plays from blob: URLs (CSP media-src blob:).
// Nothing here talks to the network.
import './player.css';
import { parseToPlayer, type FromPlayer } from '../../src/shared/playerProtocol';
import { PlayerController, type PlayerViewState } from './controller';

interface VsCodeApi {
  postMessage(msg: FromPlayer): void;
}

// Kept private: the handle is never put on window (webview guide).
const api = (globalThis as unknown as { acquireVsCodeApi: () => VsCodeApi }).acquireVsCodeApi();

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`player: #${id} missing`);
  return el as T;
}

const root = byId<HTMLElement>('venice-player');
const audio = byId<HTMLAudioElement>('audio');
const status = byId<HTMLElement>('status');
const title = byId<HTMLElement>('title');
const playButton = byId<HTMLButtonElement>('play');
const stopButton = byId<HTMLButtonElement>('stop');

function render(view: PlayerViewState): void {
  root.dataset.state = view.state;
  root.dataset.part = view.part ? `${view.part}/${view.total}` : '';
  status.textContent = view.message;
  title.textContent = view.title;
  title.hidden = !view.title;
  playButton.hidden = view.state !== 'blocked';
  stopButton.disabled = !(view.state === 'loading' || view.state === 'playing' || view.state === 'blocked');
}

const controller = new PlayerController({
  media: audio,
  createUrl: (data, mime) => URL.createObjectURL(new Blob([data as Uint8Array<ArrayBuffer>], { type: mime })),
  revokeUrl: (url) => URL.revokeObjectURL(url),
  post: (msg) => api.postMessage(msg),
  render,
});

audio.addEventListener('ended', () => controller.mediaEnded());
audio.addEventListener('error', () => {
  // An error on an element without a source (after Stop) is not a playback failure.
  if (!audio.getAttribute('src')) return;
  const code = audio.error?.code;
  controller.mediaError(code === 4 ? 'the audio format is not supported' : code === 3 ? 'the audio could not be decoded' : 'the audio could not be loaded');
});
playButton.addEventListener('click', () => controller.userPlay());
stopButton.addEventListener('click', () => controller.userStop());

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = parseToPlayer(event.data);
  if (msg) controller.handle(msg);
});

render(controller.state);
api.postMessage({ type: 'ready' });
