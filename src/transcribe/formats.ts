// A transcript as the file the user asked for: plain text, SubRip (.srt), WebVTT (.vtt) or JSON
// with timestamps. Venice answers JSON with segment times; the subtitle formats are made here.
// Cue text comes from a server: control characters are dropped and lines that would end a cue
// early (a blank line, "-->") are defused. No `vscode` import: unit-tested in plain Node.
import type { TimedText } from '../venice/types';

export const TRANSCRIPT_FORMATS = ['text', 'srt', 'vtt', 'json'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

export interface TranscriptData {
  text: string;
  duration?: number;
  segments: readonly TimedText[];
  words: readonly TimedText[];
}

/** The file extension of each format: `talk.mp3` → `talk.txt`, `talk.srt`, `talk.vtt`, `talk.json`. */
export function transcriptExtension(format: TranscriptFormat): string {
  return format === 'text' ? 'txt' : format;
}

/** Seconds → `HH:MM:SS,mmm` (SRT) or `HH:MM:SS.mmm` (WebVTT); negative or broken times become 0. */
export function timestamp(seconds: number, separator: ',' | '.'): string {
  const totalMs = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0;
  const ms = totalMs % 1000;
  const s = Math.floor(totalMs / 1000) % 60;
  const m = Math.floor(totalMs / 60_000) % 60;
  const h = Math.floor(totalMs / 3_600_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}${separator}${String(ms).padStart(3, '0')}`;
}

/** Server text made safe for one cue: no control characters, no blank lines, no cue arrows. */
export function cueText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- dropping control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n')
    .replace(/-->/g, '->');
}

/**
 * The cues to write: Venice's segments when it sent them (ordered, empty ones left out), else the
 * whole text as one cue over the duration (or 0 s when unknown), so a subtitle file is never empty.
 */
export function cues(t: TranscriptData): TimedText[] {
  const list = [...t.segments].filter((s) => cueText(s.text)).sort((a, b) => a.start - b.start);
  if (list.length) return list.map((s) => ({ text: cueText(s.text), start: s.start, end: Math.max(s.start, s.end) }));
  const text = cueText(t.text);
  return text ? [{ text, start: 0, end: t.duration ?? 0 }] : [];
}

export function toSrt(t: TranscriptData): string {
  return cues(t)
    .map((c, i) => `${i + 1}\n${timestamp(c.start, ',')} --> ${timestamp(c.end, ',')}\n${c.text}\n`)
    .join('\n');
}

export function toVtt(t: TranscriptData): string {
  const body = cues(t).map((c) => `${timestamp(c.start, '.')} --> ${timestamp(c.end, '.')}\n${c.text}\n`);
  return ['WEBVTT\n', ...body].join('\n');
}

export function toJson(t: TranscriptData, extra: { model?: string; source?: string } = {}): string {
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  const timed = (list: readonly TimedText[]): TimedText[] => list.map((s) => ({ text: s.text, start: round(s.start), end: round(s.end) }));
  const doc = { text: t.text, duration: t.duration ?? null, ...extra, segments: timed(t.segments), words: timed(t.words) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function toText(t: TranscriptData): string {
  const text = t.text.replace(/\r\n?/g, '\n').trim();
  return text ? `${text}\n` : '';
}

export function renderTranscript(t: TranscriptData, format: TranscriptFormat, extra: { model?: string; source?: string } = {}): string {
  switch (format) {
    case 'srt':
      return toSrt(t);
    case 'vtt':
      return toVtt(t);
    case 'json':
      return toJson(t, extra);
    case 'text':
      return toText(t);
  }
}
