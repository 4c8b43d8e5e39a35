// What the Venice Assets view knows about a file: its kind from its name, and the optional sidecar
// JSON (`<file>.json`) the image, video, audio and transcript features write beside it. A sidecar
// is a file in the workspace, so it is untrusted: only known fields of the right type are read,
// text is cut to one line, and nothing in it becomes a path. No `vscode` import: unit-tested.
import { asRecord } from '../util/guards';
import { oneLine } from '../util/text';

export type AssetKind = 'image' | 'video' | 'audio' | 'transcript';

const EXTENSIONS: Record<AssetKind, readonly string[]> = {
  image: ['png', 'jpg', 'jpeg', 'webp'],
  video: ['mp4', 'webm', 'mov'],
  audio: ['mp3', 'wav', 'flac', 'ogg', 'opus', 'aac', 'm4a'],
  transcript: ['txt', 'srt', 'vtt', 'json'],
};

export const ASSET_EXTENSIONS: readonly string[] = Object.values(EXTENSIONS).flat();

/** Sidecars larger than this are not read (ours are well under 2 KB). */
export const MAX_SIDECAR_BYTES = 64 * 1024;

export function kindOf(fileName: string): AssetKind | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (!ext) return undefined;
  return (Object.keys(EXTENSIONS) as AssetKind[]).find((k) => EXTENSIONS[k].includes(ext));
}

/** The asset a sidecar describes: `cat.png.json` → `cat.png`; undefined for any other JSON file. */
export function assetNameOfSidecar(fileName: string): string | undefined {
  const m = /^(.+\.[A-Za-z0-9]+)\.json$/.exec(fileName);
  return m?.[1] && kindOf(m[1]) ? m[1] : undefined;
}

export interface AssetMeta {
  prompt?: string;
  model?: string;
  /** ISO date from the sidecar. */
  createdAt?: string;
  /** What made it: generate (default), remove-background, combine, transcribe… */
  operation?: string;
  /** Settings to repeat for "Generate variations", by the field names of the generating command. */
  settings: Record<string, string | number | boolean>;
}

const MAX_TEXT = 2000;

function text(v: unknown, max = MAX_TEXT): string | undefined {
  return typeof v === 'string' && v.trim() ? oneLine(v, { stripInvisible: true, controls: 'remove', maxLength: max }) : undefined;
}

/** Fields a sidecar may hold that "Generate variations" passes on, per kind (the commands' argument names). */
const REPEATABLE: Record<AssetKind, readonly string[]> = {
  image: ['negativePrompt', 'style', 'width', 'height', 'aspectRatio', 'format'],
  video: ['duration', 'resolution', 'aspectRatio', 'image'],
  audio: ['durationSeconds'],
  transcript: [],
};

/** Reads a sidecar's text; undefined when it is not a JSON object. */
export function parseSidecar(raw: string, kind: AssetKind): AssetMeta | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const r = asRecord(doc);
  if (!r || Array.isArray(doc)) return undefined;
  const created = text(r.createdAt, 40);
  const settings: Record<string, string | number | boolean> = {};
  for (const key of REPEATABLE[kind]) {
    const v = r[key];
    if ((typeof v === 'string' && v.length <= 200) || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') settings[key] = v;
  }
  return {
    prompt: text(r.prompt),
    model: text(r.model, 200),
    createdAt: created && !Number.isNaN(Date.parse(created)) ? created : undefined,
    operation: text(r.operation, 40),
    settings,
  };
}

/** "1.2 MB", "340 KB", "12 B". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** The line under an asset's name: prompt (or what made it), model, size and date. */
export function describeAsset(meta: AssetMeta | undefined, size: number, date: Date): string {
  const what = meta?.prompt ? truncateWords(meta.prompt, 60) : meta?.operation && meta.operation !== 'generate' ? meta.operation : undefined;
  return [what, meta?.model, formatSize(size), date.toISOString().slice(0, 10)].filter(Boolean).join(' · ');
}

function truncateWords(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/** A Markdown link to the asset, relative to the workspace folder: an image embeds, the rest link. */
export function markdownLink(relativePath: string, kind: AssetKind): string {
  const name = (relativePath.split('/').pop() ?? relativePath).replace(/[[\]\\]/g, '');
  const target = relativePath.split('/').map(encodeURIComponent).join('/');
  return kind === 'image' ? `![${name}](${target})` : `[${name}](${target})`;
}
