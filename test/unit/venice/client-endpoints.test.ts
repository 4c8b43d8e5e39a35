// Every non-chat endpoint through the real client against the simulator: bodies sent, results
// decoded, binary checks, caps, timeouts and faults.
import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { sniffAudioType, sniffImageType } from '../../../src/venice/media';
import { failure, KEY, clientSuite } from './helpers';

describe('venice/client endpoints (against the simulator)', function () {
  this.timeout(8000);
  const { sim, client: newClient } = clientSuite();

  const client = newClient;

  it('lists models by type, traits and compatibility mapping', async () => {
    const { client: c } = client();
    const text = await c.listModels();
    assert.ok(text.some((m) => m.id === 'zai-org-glm-5-2' && m.model_spec.capabilities?.supportsFunctionCalling === true));
    assert.ok(text.every((m) => m.type === 'text'));
    assert.deepEqual(sim.requests[0]?.query, {});
    const tts = await c.listModels('tts');
    assert.deepEqual(
      tts.map((m) => m.id),
      ['tts-kokoro', 'tts-orpheus'],
    );
    assert.deepEqual(sim.requests[1]?.query, { type: 'tts' });
    assert.equal((await c.modelTraits('text')).default, 'zai-org-glm-5-2');
    assert.equal((await c.compatibilityMapping('embedding'))['text-embedding-ada-002'], 'text-embedding-bge-m3');
    assert.ok(sim.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`));
  });

  it('generates images: sends the documented fields and decodes base64 into real images', async () => {
    const { client: c, metas } = client();
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const out = await c.generateImage({ model: 'default', prompt: 'a gondola at blue hour', format, variants: 2, width: 1024, height: 768, style_preset: 'Cinematic', safe_mode: true, seed: 7 });
      assert.equal(out.images.length, 2);
      for (const img of out.images) assert.equal(sniffImageType(img), format);
    }
    assert.deepEqual(sim.requests[0]?.body, { model: 'default', prompt: 'a gondola at blue hour', width: 1024, height: 768, variants: 2, style_preset: 'Cinematic', format: 'png', safe_mode: true, seed: 7 });
    assert.equal(metas[0]?.meta.modelId, 'z-image-turbo');
  });

  it('reports blurred / content-violation headers on images', async () => {
    sim.enqueueFault({ path: '/image/generate', fault: { kind: 'headers', headers: { 'x-venice-is-blurred': 'true', 'x-venice-is-content-violation': 'true' } } });
    const { client: c } = client();
    const out = await c.generateImage({ model: 'default', prompt: 'x', format: 'png' });
    assert.equal(out.meta.isBlurred, true);
    assert.equal(out.meta.isContentViolation, true);
  });

  it('image generation: a 500 then success is retried; garbage base64 is rejected', async () => {
    sim.enqueueFault({ path: '/image/generate', fault: { kind: 'status', status: 500, body: { error: 'Inference failed' } } });
    const { client: c } = client();
    const out = await c.generateImage({ model: 'default', prompt: 'x', format: 'webp' });
    assert.equal(sniffImageType(out.images[0] ?? new Uint8Array()), 'webp');
    assert.equal(sim.requests.length, 2);
    sim.enqueueFault({ path: '/image/generate', fault: { kind: 'body', contentType: 'application/json', body: '{"images":["<script>not base64</script>"]}' } });
    const e = await failure(() => c.generateImage({ model: 'default', prompt: 'x' }));
    assert.equal(e.kind, 'malformed');
  });

  it('the simulator rejects OpenAI-style image fields (n, size) with 400', async () => {
    const res = await fetch(`${sim.url}/image/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'default', prompt: 'x', n: 1, size: '1024x1024' }),
    });
    assert.equal(res.status, 400);
  });

  it('image styles: no key needed; both {data: [...]} and a bare array are read', async () => {
    const { client: c } = client({ key: undefined });
    const styles = await c.imageStyles();
    assert.ok(styles.includes('Cinematic'));
    assert.equal(sim.requests[0]?.hasAuth, false);
    sim.enqueueFault({ path: '/image/styles', fault: { kind: 'body', contentType: 'application/json', body: '["Anime","Pixel Art",42]' } });
    assert.deepEqual(await c.imageStyles(), ['Anime', 'Pixel Art']);
  });

  it('upscales and edits images into binary PNG (or the asked format)', async () => {
    const { client: c } = client();
    const [source] = (await c.generateImage({ model: 'default', prompt: 'source', format: 'png' })).images;
    assert.ok(source);
    const b64 = Buffer.from(source).toString('base64');
    const up = await c.upscaleImage({ image: b64, scale: 2 });
    assert.equal(up.contentType, 'image/png');
    assert.equal(sniffImageType(up.bytes), 'png');
    assert.deepEqual(sim.requests[1]?.body, { image: b64, scale: 2 });
    const edited = await c.editImage({ image: b64, prompt: 'make it red', output_format: 'jpeg' });
    assert.equal(edited.contentType, 'image/jpeg');
    assert.equal(sniffImageType(edited.bytes), 'jpeg');
    assert.equal(sim.requests[2]?.headers.accept, 'image/*');
  });

  it('binary endpoints reject a body of the wrong type', async () => {
    sim.enqueueFault({ path: '/image/upscale', fault: { kind: 'body', contentType: 'text/html', body: '<html>oops</html>' } });
    const { client: c } = client();
    const e = await failure(() => c.upscaleImage({ image: 'AAAA', scale: 2 }));
    assert.equal(e.kind, 'malformed');
    assert.match(e.message, /text\/html instead of the upscaled image/);
  });

  it('speech returns real audio (mp3 and wav) and sends the documented fields', async () => {
    const { client: c } = client();
    const mp3 = await c.speech({ model: 'tts-kokoro', input: 'Hello from Venice.', voice: 'af_sky', response_format: 'mp3', speed: 1 });
    assert.equal(mp3.contentType, 'audio/mpeg');
    assert.equal(sniffAudioType(mp3.bytes), 'mp3');
    const wav = await c.speech({ model: 'tts-kokoro', input: 'Hello', voice: 'af_sky', response_format: 'wav' });
    assert.equal(sniffAudioType(wav.bytes), 'wav');
    assert.deepEqual(sim.requests[0]?.body, { model: 'tts-kokoro', input: 'Hello from Venice.', voice: 'af_sky', response_format: 'mp3', speed: 1 });
  });

  it('speech: a voice the model does not have is a 400 from the simulator', async () => {
    const { client: c } = client();
    const e = await failure(() => c.speech({ model: 'tts-kokoro', input: 'Hi', voice: 'alloy' }));
    assert.equal(e.kind, 'badRequest');
    assert.match(e.message, /alloy/);
  });

  it('speech: rejects a non-audio answer, and audio over 25 MB, with clear errors', async () => {
    const { client: c } = client();
    sim.enqueueFault({ path: '/audio/speech', fault: { kind: 'body', contentType: 'application/json', body: '{"error":"not audio"}' } });
    const notAudio = await failure(() => c.speech({ model: 'tts-kokoro', input: 'Hi', voice: 'af_sky' }));
    assert.equal(notAudio.kind, 'malformed');
    assert.match(notAudio.message, /application\/json instead of the audio/);
    sim.enqueueFault({ path: '/audio/speech', fault: { kind: 'body', contentType: 'audio/mpeg', body: new Uint8Array(26 * 1024 * 1024) } });
    const big = await failure(() => c.speech({ model: 'tts-kokoro', input: 'Hi', voice: 'af_sky' }));
    assert.equal(big.kind, 'tooLarge');
    assert.match(big.message, /25 MB/);
  });

  it('speech input must be 1..4096 characters; nothing is sent otherwise', async () => {
    const { client: c } = client();
    const empty = await failure(() => c.speech({ model: 'tts-kokoro', input: '   ' }));
    assert.equal(empty.kind, 'badRequest');
    const long = await failure(() => c.speech({ model: 'tts-kokoro', input: 'a'.repeat(4097) }));
    assert.equal(long.kind, 'badRequest');
    assert.match(long.message, /4096/);
    assert.equal(sim.requests.length, 0);
    const ok = await c.speech({ model: 'tts-kokoro', input: 'a'.repeat(4096), voice: 'af_sky' });
    assert.ok(ok.bytes.length > 0);
  });

  it('embeddings: float vectors; texts sharing words are more similar', async () => {
    const { client: c } = client();
    const out = await c.embeddings({ model: 'text-embedding-bge-m3', input: ['the cat sat on the mat', 'a cat sat on a mat', 'quantum chromodynamics lecture'] });
    assert.equal((sim.requests[0]?.body as { encoding_format?: string }).encoding_format, 'float');
    const [a, b, d] = out.data.map((x) => x.embedding);
    assert.ok(a && b && d);
    const cos = (x: number[], y: number[]): number => x.reduce((s, v, i) => s + v * (y[i] ?? 0), 0);
    assert.ok(Math.abs(cos(a, a) - 1) < 1e-9, 'unit length');
    assert.ok(cos(a, b) > 0.4, `similar texts: ${cos(a, b)}`);
    assert.ok(Math.abs(cos(a, d)) < 0.2, `unrelated texts: ${cos(a, d)}`);
    assert.equal(out.usage?.total_tokens !== undefined, true);
  });

  it('characters: search and paging by limit/offset; one character by slug', async () => {
    const { client: c } = client();
    const page1 = await c.characters({ limit: 5, offset: 0 });
    const page2 = await c.characters({ limit: 5, offset: 5 });
    assert.equal(page1.length, 5);
    assert.ok(page2.every((p) => !page1.some((q) => q.slug === p.slug)));
    assert.deepEqual(sim.requests[1]?.query, { limit: '5', offset: '5' });
    const coding = await c.characters({ search: 'coding', isAdult: false });
    assert.ok(coding.length > 0 && coding.every((ch) => ch.tags?.includes('coding') || /cod/i.test(`${ch.name} ${ch.description}`)));
    assert.equal((await c.character('alan-watts')).name, 'Alan Watts');
    const missing = await failure(() => c.character('no-such-one'));
    assert.equal(missing.kind, 'notFound');
    const before = sim.requests.length;
    for (const slug of ['', '..', '../api_keys/rate_limits', 'a b']) {
      assert.equal((await failure(() => c.character(slug))).kind, 'badRequest', slug);
    }
    assert.equal(sim.requests.length, before, 'invalid slugs are not sent');
  });

  it('rate limits return .data; verifyKey accepts a good key and rejects a bad one with setApiKey', async () => {
    const { client: c } = client();
    const limits = await c.rateLimits();
    assert.equal(typeof limits.balances?.USD, 'number');
    await c.verifyKey(KEY);
    const bad = await failure(() => c.verifyKey('vk-not-a-real-key-1'));
    assert.equal(bad.kind, 'auth');
    assert.equal(bad.action, 'setApiKey');
    assert.equal(sim.requests.at(-1)?.path, '/api_keys/rate_limits');
    assert.equal(sim.requests.at(-1)?.headers.authorization, 'Bearer vk-not-a-real-key-1');
  });

  it('an empty balance gives the "add credit" message', async () => {
    sim.setBalance(0, 0);
    const { client: c } = client();
    const e = await failure(() => c.chat({ model: 'default', messages: [{ role: 'user', content: 'x' }] }));
    assert.equal(e.kind, 'payment');
    assert.match(e.message, /balance is empty/);
  });

  it('JSON endpoints time out when the body stalls, and the connection is closed', async () => {
    sim.enqueueFault({ path: '/models', fault: { kind: 'hangMidBody', afterBytes: 10 } });
    const { client: c } = client({ timeoutMs: 300 });
    const e = await failure(() => c.listModels());
    assert.equal(e.kind, 'timeout');
    const req = sim.requests[0];
    assert.ok(req);
    assert.equal(await sim.waitForClose(req, 2000), true);
  });

  it('a connection reset before any answer is retried', async () => {
    sim.enqueueFault({ path: '/models/traits', fault: { kind: 'reset' } });
    const { client: c } = client();
    const traits = await c.modelTraits('image');
    assert.equal(traits.default, 'z-image-turbo');
    assert.equal(sim.requests.length, 2);
  });

  it('scrapes a page as Markdown (POST /augment/scrape), refusing bad addresses before sending', async () => {
    const { client: c } = client();
    const page = await c.scrape('https://docs.example.com/api');
    assert.match(page.content, /^# Example API/);
    assert.equal(page.url, 'https://docs.example.com/api');
    assert.deepEqual(sim.requests.at(-1)?.body, { url: 'https://docs.example.com/api' });
    const blocked = await failure(() => c.scrape('https://x.com/someone'));
    assert.equal(blocked.kind, 'badRequest');
    assert.match(blocked.message, /x\.com/);
    const sent = sim.requests.length;
    assert.equal((await failure(() => c.scrape('file:///etc/passwd'))).kind, 'badRequest');
    assert.equal((await failure(() => c.scrape('not a url'))).kind, 'badRequest');
    assert.equal(sim.requests.length, sent, 'refused addresses are never sent');
  });

  it('an unreachable server is a network error with a clear message', async () => {
    const { client: c } = client({ baseUrl: 'http://127.0.0.1:9/api/v1', maxRetries: 1 });
    const e = await failure(() => c.listModels());
    assert.equal(e.kind, 'network');
    assert.match(e.message, /Could not reach Venice/);
  });

  it('goes through the proxy named by HTTP_PROXY, and not when NO_PROXY lists the host', async () => {
    const tunnels: string[] = [];
    const proxy = createServer();
    proxy.on('connect', (req: IncomingMessage, socket: Duplex) => {
      tunnels.push(req.url ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
    try {
      process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      delete process.env.NO_PROXY;
      delete process.env.no_proxy;
      const viaProxy = client({ maxRetries: 0 });
      const e = await failure(() => viaProxy.client.listModels());
      assert.equal(e.kind, 'network');
      assert.deepEqual(tunnels, [`127.0.0.1:${sim.port}`]);
      assert.equal(sim.requests.length, 0);
      process.env.NO_PROXY = '127.0.0.1';
      const direct = client();
      assert.ok((await direct.client.listModels()).length > 0);
      assert.equal(tunnels.length, 1);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });

  it('refuses to send the key over plain http to another host', async () => {
    const { client: c } = client({ baseUrl: 'http://example.com/api/v1' });
    const e = await failure(() => c.rateLimits());
    assert.equal(e.action, 'openSettings');
    assert.match(e.message, /https/);
  });
});
