// The simulator is only useful if it is as strict as Venice: these tests talk to it with raw HTTP.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { sniffAudioType, sniffImageType } from '../../../src/venice/media';
import { encodePng, imageSize } from '../../fixtures/simulator/images';
import { rawRequest, suiteSimulator } from './suiteSimulator';

const KEY = 'sim-key-abcdef123';

describe('venice simulator', function () {
  this.timeout(10_000);
  const sim = suiteSimulator({ validKeys: [KEY] });

  const call = (method: string, route: string, body?: unknown, key: string | null = KEY) => rawRequest(sim, method, route, { json: body, key });

  const chat = (extra: Record<string, unknown> = {}) => ({ model: 'default', messages: [{ role: 'user', content: 'hi' }], ...extra });

  it('answers 402 with an x402 body without a key, and 401 for a wrong key', async () => {
    for (const [method, route, body] of [
      ['POST', '/chat/completions', chat()],
      ['POST', '/audio/speech', { model: 'tts-kokoro', input: 'x' }],
      ['GET', '/characters', undefined],
      ['GET', '/api_keys/rate_limits', undefined],
    ] as const) {
      const none = await call(method, route, body, null);
      assert.equal(none.status, 402, route);
      assert.equal((none.json as { x402Version?: number }).x402Version, 2);
      const wrong = await call(method, route, body, 'nope-nope-nope');
      assert.equal(wrong.status, 401, route);
      assert.deepEqual(wrong.json, { error: 'Authentication failed' });
    }
  });

  it('serves /models and /image/styles without a key', async () => {
    assert.equal((await call('GET', '/models', undefined, null)).status, 200);
    assert.equal((await call('GET', '/image/styles', undefined, null)).status, 200);
  });

  it('rejects unknown top-level fields on every strict endpoint', async () => {
    for (const [route, body] of [
      ['/chat/completions', chat({ modalities: ['text'] })],
      ['/image/generate', { model: 'default', prompt: 'x', size: '1024x1024' }],
      ['/audio/speech', { model: 'tts-kokoro', input: 'x', voice: 'af_sky', emotion: 'happy' }],
      ['/embeddings', { model: 'text-embedding-bge-m3', input: 'x', truncate: true }],
      ['/image/edit', { image: 'AAAA', prompt: 'x', mask: 'AAAA' }],
    ] as const) {
      const r = await call('POST', route, body);
      assert.equal(r.status, 400, route);
      assert.equal((r.json as { error?: string }).error, 'Invalid request parameters', route);
      assert.match(JSON.stringify((r.json as { details?: unknown }).details), /Unrecognized key/, route);
    }
  });

  it("holds Venice's /embeddings input limits: 2048 items, no empty text, no token arrays, 8192 tokens per item", async () => {
    const embed = (input: unknown) => call('POST', '/embeddings', { model: 'text-embedding-bge-m3', input, encoding_format: 'float' });
    const ok = await embed(Array.from({ length: 2048 }, (_, i) => `text ${i}`));
    assert.equal(ok.status, 200);
    assert.equal((ok.json as { data: unknown[] }).data.length, 2048);
    assert.equal((await embed(Array.from({ length: 2049 }, (_, i) => `text ${i}`))).status, 400);
    assert.equal((await embed([])).status, 400);
    assert.equal((await embed(['a', ''])).status, 400);
    assert.equal((await embed('')).status, 400);
    assert.equal((await embed([1, 2, 3])).status, 400);
    assert.equal((await embed([[1, 2, 3]])).status, 400);
    // 8192 tokens at a token per 3 bytes: 24,576 bytes pass, one more fails.
    assert.equal((await embed(['x'.repeat(24_576)])).status, 200);
    const long = await embed(['fine', 'x'.repeat(24_577)]);
    assert.equal(long.status, 400);
    assert.match(JSON.stringify(long.json), /input\[1\] exceeds the max input tokens for the model \(8192 tokens\)/);
  });

  it('validates types and ranges from the OpenAPI schema (and honours nullable)', async () => {
    assert.equal((await call('POST', '/chat/completions', chat({ temperature: 5 }))).status, 400);
    assert.equal((await call('POST', '/chat/completions', chat({ messages: [] }))).status, 400);
    assert.equal((await call('POST', '/chat/completions', chat({ stop: null }))).status, 200, 'stop is nullable');
    assert.equal((await call('POST', '/chat/completions', chat({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: null }, { role: 'user', content: 'again' }] }))).status, 200);
    assert.equal((await call('POST', '/audio/speech', { model: 'tts-1', input: 'x' })).status, 400, 'tts-1 is not a Venice model');
    assert.equal((await call('POST', '/audio/speech', { model: 'tts-kokoro', input: '' })).status, 400);
    assert.equal((await call('POST', '/image/generate', { model: 'default', prompt: 'x', width: 5000 })).status, 400);
  });

  it('enforces capability gates', async () => {
    const tools = [{ type: 'function', function: { name: 'f' } }];
    const noTools = await call('POST', '/chat/completions', chat({ model: 'venice-uncensored-1-2', tools }));
    assert.equal(noTools.status, 400);
    assert.equal((await call('POST', '/chat/completions', chat({ tools }))).status, 200);
    const tooMany = await call('POST', '/chat/completions', chat({ max_completion_tokens: 24_001 }));
    assert.equal(tooMany.status, 400);
    assert.match(String((tooMany.json as { error: string }).error), /exceeds the maximum allowed/);
    assert.equal((await call('POST', '/chat/completions', chat({ model: 'gpt-5-imaginary' }))).status, 404);
    assert.equal((await call('POST', '/chat/completions', chat({ model: 'hermes-3-llama-3.1-405b' }))).status, 503);
    assert.equal((await call('POST', '/chat/completions', chat({ model: 'e2ee-glm-5-2-p' }))).status, 400);
    // A real 64×64 PNG: the simulator, like Venice, also refuses image parts that are not real images.
    const png = `data:image/png;base64,${Buffer.from(encodePng(64, 64, [200, 40, 40])).toString('base64')}`;
    const image = chat({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: png } }] }] });
    assert.equal((await call('POST', '/chat/completions', { ...image, model: 'venice-uncensored-1-2' })).status, 400);
    assert.equal((await call('POST', '/chat/completions', { ...image, model: 'qwen-3-8-27b' })).status, 200);
    assert.equal((await call('POST', '/chat/completions', chat({ venice_parameters: { character_slug: 'ghost' } }))).status, 404);
    assert.equal((await call('POST', '/chat/completions', chat({ venice_parameters: { character_slug: 'alan-watts', unknown_inner: 1 } }))).status, 200, 'unknown venice_parameters keys are dropped, not rejected');
    assert.equal((await call('POST', '/audio/speech', { model: 'tts-kokoro', input: 'x', voice: 'alloy' })).status, 400);
    assert.equal((await call('POST', '/audio/speech', { model: 'tts-orpheus', input: 'x', voice: 'tara', response_format: 'mp3' })).status, 400);
  });

  it('a huge prompt gets the context_length_exceeded object error', async () => {
    const r = await call('POST', '/chat/completions', chat({ model: 'venice-uncensored-1-2', messages: [{ role: 'user', content: 'x'.repeat(200_000) }] }));
    assert.equal(r.status, 400);
    assert.equal((r.json as { error: { code: string } }).error.code, 'context_length_exceeded');
  });

  it('streams the default echo as SSE with a usage chunk and [DONE]', async () => {
    const r = await call('POST', '/chat/completions', chat({ stream: true, messages: [{ role: 'user', content: 'ping 42' }] }));
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/event-stream/);
    const text = new TextDecoder().decode(r.bytes);
    const events = text.split('\n\n').filter(Boolean);
    assert.ok(events.length > 5);
    assert.equal(events.at(-1), 'data: [DONE]');
    const usage = JSON.parse((events.at(-2) ?? '').slice(6)) as { choices: unknown[]; usage: unknown; cost: unknown };
    assert.deepEqual(usage.choices, []);
    assert.ok(usage.usage && usage.cost);
    assert.match(text, /You said: ping 42/);
    assert.ok(r.headers.get('x-venice-balance-usd'));
    assert.ok(r.headers.get('x-ratelimit-remaining-requests'));
  });

  it('consumes chat scripts one per request, in order, and records every request', async () => {
    sim.enqueueChat({ steps: ['first'] });
    sim.enqueueChat({ steps: ['second'] });
    const a = await call('POST', '/chat/completions', chat());
    const b = await call('POST', '/chat/completions', chat());
    const c = await call('POST', '/chat/completions', chat());
    const content = (r: { json: unknown }) => (r.json as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content;
    assert.equal(content(a), 'first');
    assert.equal(content(b), 'second');
    assert.match(content(c) ?? '', /You said: hi/);
    assert.equal(sim.requests.length, 3);
    assert.deepEqual(sim.requests[0]?.body, chat());
    assert.equal(sim.requests[0]?.hasAuth, true);
    assert.equal(sim.requests[0]?.status, 200);
  });

  it('generates real images in the requested format and size ratio', async () => {
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const r = await call('POST', '/image/generate', { model: 'default', prompt: 'lagoon', format, width: 1280, height: 720 });
      const [b64] = (r.json as { images: string[] }).images;
      const bytes = Buffer.from(b64 ?? '', 'base64');
      assert.equal(sniffImageType(bytes), format);
      assert.deepEqual(imageSize(bytes), { width: 320, height: 180, format });
    }
    const bad = await call('POST', '/image/generate', { model: 'default', prompt: 'x', style_preset: 'Not A Style' });
    assert.equal(bad.status, 400);
  });

  it('returns real audio for mp3, wav and pcm with the right content types', async () => {
    const mp3 = await call('POST', '/audio/speech', { model: 'tts-kokoro', input: 'hello', voice: 'af_sky', response_format: 'mp3' });
    assert.equal(mp3.headers.get('content-type'), 'audio/mpeg');
    assert.equal(sniffAudioType(mp3.bytes), 'mp3');
    const wav = await call('POST', '/audio/speech', { model: 'tts-kokoro', input: 'hello', voice: 'af_sky', response_format: 'wav' });
    assert.equal(wav.headers.get('content-type'), 'audio/wav');
    assert.equal(sniffAudioType(wav.bytes), 'wav');
    const pcm = await call('POST', '/audio/speech', { model: 'tts-kokoro', input: 'hello', voice: 'af_sky', response_format: 'pcm' });
    assert.equal(pcm.headers.get('content-type'), 'audio/pcm');
    assert.equal(pcm.bytes.length % 2, 0);
  });

  it('serves a catalogue with the models the extension depends on', async () => {
    const all = (await call('GET', '/models?type=all')).json as { data: Array<{ id: string; type: string; model_spec: Record<string, unknown> }> };
    const byId = new Map(all.data.map((m) => [m.id, m]));
    assert.ok(byId.get('claude-sonnet-4-5')?.model_spec.deprecation);
    assert.equal(byId.get('hermes-3-llama-3.1-405b')?.model_spec.offline, true);
    assert.ok((byId.get('tts-kokoro')?.model_spec.voices as string[]).includes('af_sky'));
    assert.equal(byId.get('text-embedding-bge-m3')?.type, 'embedding');
    assert.ok(all.data.some((m) => m.type === 'upscale') && all.data.some((m) => m.type === 'inpaint'));
    const code = (await call('GET', '/models?type=code')).json as { data: Array<{ model_spec: { capabilities: { optimizedForCode: boolean } } }> };
    assert.ok(code.data.length > 0 && code.data.every((m) => m.model_spec.capabilities.optimizedForCode));
    assert.equal((await call('GET', '/models?type=bogus')).status, 400);
  });

  it('pages and searches characters', async () => {
    const page = (await call('GET', '/characters?limit=3&offset=3')).json as { data: Array<{ slug: string }> };
    assert.equal(page.data.length, 3);
    const found = (await call('GET', '/characters?search=pirate')).json as { data: Array<{ slug: string }> };
    assert.deepEqual(
      found.data.map((c) => c.slug),
      ['pirate-captain'],
    );
    assert.equal((await call('GET', '/characters?limit=500')).status, 400);
  });

  it('one-shot faults apply once; sticky faults until cleared', async () => {
    sim.enqueueFault({ path: '/models', fault: { kind: 'status', status: 503, body: { error: 'down' } } });
    assert.equal((await call('GET', '/models')).status, 503);
    assert.equal((await call('GET', '/models')).status, 200);
    sim.setFault({ path: '/models*', fault: { kind: 'status', status: 500, body: '<html>boom</html>' } });
    assert.equal((await call('GET', '/models/traits')).status, 500);
    assert.equal((await call('GET', '/models')).status, 500);
    sim.setFault(undefined);
    assert.equal((await call('GET', '/models')).status, 200);
  });

  it('runs standalone and prints its URL', async () => {
    const main = path.join(__dirname, '../../fixtures/simulator/main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const line = out.split('\n')[0];
          if (out.includes('\n') && line) resolve(line.trim());
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
      const res = await fetch(`${url}/models`);
      assert.equal(res.status, 200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  describe('prompt caching (only for models whose pricing lists cache_input)', () => {
    const mark = { type: 'ephemeral' };
    const marked = (text: string) => [{ type: 'text', text, cache_control: mark }];
    const long = 'The stable part of the prompt. '.repeat(200);
    const turn = (model: string, question: string) => ({
      model,
      prompt_cache_key: 'conv-1',
      messages: [{ role: 'system', content: marked(long) }, { role: 'user', content: marked(question) }],
    });
    type Answer = { usage: { prompt_tokens: number; prompt_tokens_details?: { cached_tokens?: number; cache_creation_input_tokens?: number } }; cost: { usd: number } };

    it('counts a repeated marked prefix as cached, writes it first, and bills both at the cache prices', async () => {
      const first = (await call('POST', '/chat/completions', turn('claude-sonnet-4-6', 'First?'))).json as Answer;
      assert.equal(first.usage.prompt_tokens_details?.cached_tokens, 0);
      assert.ok((first.usage.prompt_tokens_details?.cache_creation_input_tokens ?? 0) > 1000, 'the first request writes the prefix');
      const second = (await call('POST', '/chat/completions', turn('claude-sonnet-4-6', 'Second?'))).json as Answer;
      const cached = second.usage.prompt_tokens_details?.cached_tokens ?? 0;
      assert.ok(cached > 1000 && cached < second.usage.prompt_tokens, `cached ${cached} of ${second.usage.prompt_tokens}`);
      assert.ok(second.cost.usd < first.cost.usd / 2, `cached ${second.cost.usd} vs written ${first.cost.usd}`);
    });

    it('a model without cache prices never reports cached tokens, marks or not', async () => {
      await call('POST', '/chat/completions', turn('zai-org-glm-5-2', 'First?'));
      const again = (await call('POST', '/chat/completions', turn('zai-org-glm-5-2', 'Second?'))).json as Answer;
      assert.deepEqual(again.usage.prompt_tokens_details, { cached_tokens: 0 });
    });

    it('an unmarked prompt is never cached, and the cache is per model', async () => {
      const plain = { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: long }] };
      await call('POST', '/chat/completions', plain);
      assert.equal(((await call('POST', '/chat/completions', plain)).json as Answer).usage.prompt_tokens_details?.cached_tokens, 0);
      await call('POST', '/chat/completions', turn('claude-sonnet-4-6', 'First?'));
      const other = (await call('POST', '/chat/completions', turn('kimi-k3', 'First?'))).json as Answer;
      assert.equal(other.usage.prompt_tokens_details?.cached_tokens, 0);
    });

    it('is strict like the spec: cache_control type must be "ephemeral", prompt_cache_retention an enum, unknown fields 400', async () => {
      const badType = turn('claude-sonnet-4-6', 'x');
      badType.messages[1].content = [{ type: 'text', text: 'x', cache_control: { type: 'persistent' } }];
      assert.equal((await call('POST', '/chat/completions', badType)).status, 400);
      assert.equal((await call('POST', '/chat/completions', { ...turn('claude-sonnet-4-6', 'x'), prompt_cache_retention: 'forever' })).status, 400);
      assert.equal((await call('POST', '/chat/completions', { ...turn('claude-sonnet-4-6', 'x'), prompt_cache_retention: '24h' })).status, 200);
      assert.equal((await call('POST', '/chat/completions', { ...turn('claude-sonnet-4-6', 'x'), cache_key: 'nope' })).status, 400);
    });
  });
});
