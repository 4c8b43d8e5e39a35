import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { buildSpeechRequest, checkAudio, checkVoice, chooseFormat, parseSpeechArgs } from '../../../src/speech/request';
import type { BinaryResult, VeniceModel } from '../../../src/venice/types';
import { encodeMp3, encodeWav } from '../../fixtures/simulator/audio';

const KOKORO = {
  id: 'tts-kokoro',
  type: 'tts',
  model_spec: { name: 'Kokoro', voices: ['af_sky', 'af_bella', 'am_adam'], supported_formats: ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'], default_format: 'mp3' },
} as VeniceModel;
const ORPHEUS = { id: 'tts-orpheus', type: 'tts', model_spec: { voices: ['tara', 'leah'], supported_formats: ['wav', 'pcm'], default_format: 'wav' } } as VeniceModel;

function binary(bytes: Uint8Array, contentType: string): BinaryResult {
  return { bytes, contentType, meta: { status: 200 } };
}

describe('speech/request: the /audio/speech body and its answer', () => {
  it('builds exactly the documented fields (model always sent)', () => {
    const req = buildSpeechRequest('  Hello from Venice.  ', { model: 'tts-kokoro', voice: 'af_sky', speed: 1, format: 'mp3' });
    assert.deepEqual(req, { model: 'tts-kokoro', input: 'Hello from Venice.', voice: 'af_sky', response_format: 'mp3', speed: 1 });
    const spec = parse(readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'simulator', 'venice-swagger.yaml'), 'utf8')) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const allowed = Object.keys(spec.components.schemas.CreateSpeechRequestSchema?.properties ?? {});
    for (const key of Object.keys(req)) assert.ok(allowed.includes(key), `${key} is a CreateSpeechRequestSchema field`);
  });

  it('refuses empty or over-long parts and clamps speed to 0.25–4', () => {
    const choice = { model: 'tts-kokoro', voice: 'af_sky', speed: 9, format: 'mp3' as const };
    assert.throws(() => buildSpeechRequest('   ', choice), /no text/);
    assert.throws(() => buildSpeechRequest('x'.repeat(4097), choice), /at most 4096 characters; this one has 4097/);
    assert.equal(buildSpeechRequest('hi', choice).speed, 4);
  });

  it('checks the voice against the model\'s voice list, case-sensitively', () => {
    checkVoice(KOKORO, 'af_sky');
    assert.throws(() => checkVoice(KOKORO, 'alloy'), /"alloy" is not available for tts-kokoro.*af_sky, af_bella, am_adam/);
    assert.throws(() => checkVoice(KOKORO, 'AF_SKY'), /not available/);
    checkVoice(KOKORO, 'vv_cloned123'); // cloned voices are not listed
    checkVoice(undefined, 'anything'); // catalogue unknown (offline): Venice decides
    assert.throws(() => checkVoice(KOKORO, ''), /empty/);
  });

  it('picks a format the model offers and the player can play', () => {
    assert.deepEqual(chooseFormat(KOKORO, 'mp3', true), { format: 'mp3', note: undefined });
    assert.equal(chooseFormat(KOKORO, 'pcm', true).format, 'wav', 'raw PCM cannot play; WAV is the same sound');
    assert.equal(chooseFormat(KOKORO, 'pcm', false).format, 'pcm', 'saving keeps PCM');
    const orpheus = chooseFormat(ORPHEUS, 'mp3', true);
    assert.equal(orpheus.format, 'wav');
    assert.match(orpheus.note ?? '', /does not offer mp3; using wav/);
    assert.equal(chooseFormat(undefined, 'flac', true).format, 'flac');
  });

  it('accepts real audio and names its type for the player', () => {
    assert.equal(checkAudio(binary(encodeMp3(0.2), 'audio/mpeg'), 'mp3'), 'audio/mpeg');
    assert.equal(checkAudio(binary(encodeWav(0.2), 'audio/wav'), 'wav'), 'audio/wav');
    assert.equal(checkAudio(binary(encodeWav(0.2), 'audio/mpeg'), 'mp3'), 'audio/wav', 'the bytes decide, not the label');
  });

  it('rejects answers that are not audio: JSON, HTML, wrong content type, empty, too large', () => {
    const te = new TextEncoder();
    assert.throws(() => checkAudio(binary(te.encode('{"error":"x"}'), 'application/json'), 'mp3'), /sent application\/json instead of audio/);
    assert.throws(() => checkAudio(binary(te.encode('{"error":"x"}'), 'audio/mpeg'), 'mp3'), /text instead of audio/);
    assert.throws(() => checkAudio(binary(te.encode('<html>oops</html>'), 'audio/mpeg'), 'mp3'), /text instead of audio/);
    assert.throws(() => checkAudio(binary(new Uint8Array(0), 'audio/mpeg'), 'mp3'), /empty/);
    assert.throws(() => checkAudio(binary(new Uint8Array(26 * 1024 * 1024), 'audio/mpeg'), 'mp3'), /larger than 25 MB/);
  });

  it('reads command arguments strictly', () => {
    const allowed = ['text', 'model', 'voice', 'speed', 'format'] as const;
    assert.deepEqual(parseSpeechArgs({ text: 'Hi', voice: ' am_adam ', speed: 1.5, format: 'wav' }, 'venice.readAloud', allowed), {
      text: 'Hi',
      model: undefined,
      voice: 'am_adam',
      speed: 1.5,
      format: 'wav',
      path: undefined,
    });
    assert.equal(parseSpeechArgs(undefined, 'venice.readAloud', allowed), undefined);
    assert.throws(() => parseSpeechArgs({ txt: 'Hi' }, 'venice.readAloud', allowed), /Unknown option for venice.readAloud: txt/);
    assert.throws(() => parseSpeechArgs({ speed: 10 }, 'venice.readAloud', allowed), /0.25 to 4/);
    assert.throws(() => parseSpeechArgs({ format: 'ogg' }, 'venice.readAloud', allowed), /format/);
    assert.throws(() => parseSpeechArgs({ text: 5 }, 'venice.readAloud', allowed), /"text" must be text/);
  });
});
