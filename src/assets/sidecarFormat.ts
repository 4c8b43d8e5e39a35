// The sidecar metadata written beside a generated asset (when venice.image/video/audio.saveMetadata
// is on): `<file>.json` in the same folder, holding how the asset was made. One format for every
// kind, so anything that lists assets (the gallery) reads them all the same way:
//   { prompt, model, …kind-specific fields…, format, requestId?, createdAt, <kind>: "<file name>" }
// where <kind> is "image", "video" or "audio" and names the asset file the sidecar describes.
// This file is the format (no `vscode`: unit-tested, and readable by anything that lists assets);
// sidecar.ts writes it into the workspace.

export type SidecarKind = 'image' | 'video' | 'audio';

/** What every sidecar holds besides its kind-specific fields. */
export interface SidecarFields {
  prompt: string;
  model: string;
  /** The container written (png, webp, mp4, mp3, wav…). */
  format: string;
  requestId?: string;
  [field: string]: unknown;
}

/** `clip.mp4` → `clip.mp4.json`. */
export function sidecarName(assetFileName: string): string {
  return `${assetFileName}.json`;
}

/** The sidecar's bytes: the fields, then `createdAt`, then the asset's file name under its kind. */
export function sidecarBytes(kind: SidecarKind, assetFileName: string, fields: SidecarFields, now: Date = new Date()): Uint8Array {
  const sidecar = { ...fields, createdAt: now.toISOString(), [kind]: assetFileName };
  return new TextEncoder().encode(`${JSON.stringify(sidecar, null, 2)}\n`);
}

/** A sidecar as read back: undefined when the text is not one (anything may sit in a workspace). */
export function parseSidecar(text: string): (SidecarFields & { kind: SidecarKind; file: string; createdAt?: string }) | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const kind = (['image', 'video', 'audio'] as const).find((k) => typeof o[k] === 'string');
  if (!kind || typeof o.prompt !== 'string' || typeof o.model !== 'string') return undefined;
  return { ...o, prompt: o.prompt, model: o.model, format: typeof o.format === 'string' ? o.format : '', kind, file: o[kind] as string, createdAt: typeof o.createdAt === 'string' ? o.createdAt : undefined };
}
