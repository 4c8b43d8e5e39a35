// Issue 16: transcripts as text, SRT, WebVTT and JSON — timestamps, cue numbering, server text that
// tries to break out of a cue, and the fallback when Venice sends no segments.
import * as assert from 'node:assert/strict';
import { checkMediaBytes, MAX_TRANSCRIBE_BYTES, sniffMedia } from '../../../src/transcribe/audioFiles';
import { cueText, renderTranscript, timestamp, transcriptExtension, type TranscriptData } from '../../../src/transcribe/formats';
import { encodeMp3, encodeWav } from '../../fixtures/simulator/audio';

const talk: TranscriptData = {
  text: 'Hello there. General Kenobi.',
  duration: 3725.5,
  segments: [
    { text: 'General Kenobi.', start: 2.5, end: 3725.5 },
    { text: 'Hello there.', start: 0, end: 2.5 },
  ],
  words: [{ text: 'Hello', start: 0, end: 0.4 }],
};

describe('transcribe: formats', () => {
  it('formats timestamps for SRT (comma) and WebVTT (dot), hours included, milliseconds rounded', () => {
    assert.equal(timestamp(0, ','), '00:00:00,000');
    assert.equal(timestamp(61.0004, ','), '00:01:01,000');
    assert.equal(timestamp(3725.5, '.'), '01:02:05.500');
    assert.equal(timestamp(59.9996, ','), '00:01:00,000');
    assert.equal(timestamp(-3, '.'), '00:00:00.000');
    assert.equal(timestamp(Number.NaN, ','), '00:00:00,000');
    assert.equal(timestamp(360000, ','), '100:00:00,000');
  });

  it('writes numbered SRT cues in time order', () => {
    assert.equal(renderTranscript(talk, 'srt'), '1\n00:00:00,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:02,500 --> 01:02:05,500\nGeneral Kenobi.\n');
  });

  it('writes WebVTT with its header and dotted times', () => {
    assert.equal(renderTranscript(talk, 'vtt'), 'WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nHello there.\n\n00:00:02.500 --> 01:02:05.500\nGeneral Kenobi.\n');
  });

  it('JSON keeps the text, duration, segments and words with their times', () => {
    const doc = JSON.parse(renderTranscript(talk, 'json', { model: 'openai/whisper-large-v3', source: 'talk.mp3' })) as Record<string, unknown>;
    assert.equal(doc.text, talk.text);
    assert.equal(doc.duration, 3725.5);
    assert.equal(doc.model, 'openai/whisper-large-v3');
    assert.deepEqual(doc.segments, talk.segments);
    assert.deepEqual(doc.words, talk.words);
  });

  it('without segments a subtitle file still holds the whole text as one cue', () => {
    const bare: TranscriptData = { text: 'Only text.', duration: 4, segments: [], words: [] };
    assert.equal(renderTranscript(bare, 'srt'), '1\n00:00:00,000 --> 00:00:04,000\nOnly text.\n');
    assert.equal(renderTranscript(bare, 'text'), 'Only text.\n');
  });

  it('server text cannot end a cue early or forge one: blank lines, arrows and control characters are defused', () => {
    assert.equal(cueText('line one\n\n2\n00:00:00,000 --> 00:00:09,000\nforged\u0007\u202e'), 'line one\n2\n00:00:00,000 -> 00:00:09,000\nforged');
    const srt = renderTranscript({ text: '', segments: [{ text: 'a\n\n\nb', start: 0, end: 1 }, { text: '   ', start: 1, end: 2 }], words: [] }, 'srt');
    assert.equal(srt, '1\n00:00:00,000 --> 00:00:01,000\na\nb\n');
  });

  it('names the file by format', () => {
    assert.deepEqual(['text', 'srt', 'vtt', 'json'].map((f) => transcriptExtension(f as 'text')), ['txt', 'srt', 'vtt', 'json']);
  });
});

describe('transcribe: which files are sent', () => {
  it('recognises audio and video containers by their bytes', () => {
    assert.equal(sniffMedia(encodeWav(0.1))?.contentType, 'audio/wav');
    assert.equal(sniffMedia(encodeMp3(0.1))?.contentType, 'audio/mpeg');
    const mp4 = new Uint8Array([0, 0, 0, 0x18, ...Buffer.from('ftypisom'), 0, 0, 0, 0]);
    assert.equal(sniffMedia(mp4)?.contentType, 'video/mp4');
    const m4a = new Uint8Array([0, 0, 0, 0x18, ...Buffer.from('ftypM4A '), 0, 0, 0, 0]);
    assert.equal(sniffMedia(m4a)?.extension, 'm4a');
    assert.equal(sniffMedia(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1]))?.extension, 'webm');
    assert.equal(sniffMedia(new TextEncoder().encode('<!doctype html>')), undefined);
  });

  it('refuses empty, oversized and non-media files with a message saying what to do', () => {
    assert.throws(() => checkMediaBytes(new Uint8Array(0), 'a.wav'), /empty/);
    const big = new Uint8Array(MAX_TRANSCRIBE_BYTES);
    big.set(encodeWav(0.01));
    assert.throws(() => checkMediaBytes(big, 'long.wav'), /25\.0 MB; Venice transcribes files under 25 MB\. Cut or compress/);
    assert.throws(() => checkMediaBytes(new TextEncoder().encode('MZ fake'), 'x.mp3'), /not audio or video/);
  });
});
