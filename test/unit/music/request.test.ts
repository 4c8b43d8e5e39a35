// venice.generateMusic's argument object and the checks against the music model's durations.
import * as assert from 'node:assert/strict';
import { durationLabel, musicArgsProblem, musicOptions, parseGenerateMusicArgs } from '../../../src/music/request';
import { MEDIA_MODELS } from '../../fixtures/simulator/mediaJobs';
import type { VeniceModel } from '../../../src/venice/types';

const byId = (id: string): VeniceModel => MEDIA_MODELS.find((m) => m.id === id) as unknown as VeniceModel;

describe('music: arguments and model options', () => {
  it('accepts prompt, model and durationSeconds only', () => {
    assert.deepEqual(parseGenerateMusicArgs({ prompt: ' piano ', model: 'elevenlabs-music', durationSeconds: 30 }), { prompt: 'piano', model: 'elevenlabs-music', durationSeconds: 30 });
    assert.throws(() => parseGenerateMusicArgs({ prompt: 'x', format: 'mp3' }), /Unknown option for venice.generateMusic: format/);
    assert.throws(() => parseGenerateMusicArgs({ prompt: 'x', durationSeconds: 2.5 }), /whole number/);
    assert.throws(() => parseGenerateMusicArgs({ prompt: 'x', model: 'a/b' }), /music model id/);
  });

  it('knows songs from sound effects and checks lengths against the model', () => {
    assert.equal(musicOptions(byId('elevenlabs-sound-effects-v2')).soundEffects, true);
    assert.equal(musicOptions(byId('elevenlabs-music')).soundEffects, false);
    assert.equal(durationLabel(musicOptions(byId('elevenlabs-music'))), '10–300 s (default 60)');
    assert.equal(durationLabel(musicOptions(byId('stable-audio-25'))), 'length chosen by the model');
    assert.equal(musicArgsProblem(byId('elevenlabs-sound-effects-v2'), 'door creak', 5), undefined);
    assert.match(musicArgsProblem(byId('elevenlabs-sound-effects-v2'), 'door creak', 30) ?? '', /1 to 22 seconds/);
    assert.match(musicArgsProblem(byId('stable-audio-25'), 'rain', 10) ?? '', /chooses its own length/);
    assert.match(musicArgsProblem(byId('elevenlabs-music'), 'ab', undefined) ?? '', /prompt of 3 to 2000/);
  });
});
