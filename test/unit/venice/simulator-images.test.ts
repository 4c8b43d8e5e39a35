// Issue 14 §4: the simulator's /chat/completions refuses image parts the way Venice does (the spec's
// schema, then the checks Venice states: vision models only, 10 images per message, a real image of
// at least 64 px a side), so the chat's image path is tested against a strict counterpart.
import * as assert from 'node:assert/strict';
import { encodeImage, encodePng } from '../../fixtures/simulator/images';
import { suiteSimulator } from './suiteSimulator';

const KEY = 'sim-key-abcdef123';
const VISION = 'qwen-3-8-27b';
const TEXT_ONLY = 'zai-org-glm-5-2';

function dataUrl(bytes: Uint8Array, mime = 'image/png'): string {
  return `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
}

const png = (w: number, h: number) => dataUrl(encodePng(w, h, [10, 120, 200]));
const imagePart = (url: string) => ({ type: 'image_url', image_url: { url } });

describe('venice simulator: image parts in /chat/completions', function () {
  this.timeout(10_000);
  const sim = suiteSimulator({ validKeys: [KEY] });

  async function chat(model: string, content: unknown): Promise<{ status: number; error: string }> {
    const res = await fetch(`${sim.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, stream: false, messages: [{ role: 'user', content }] }),
    });
    const body = (await res.json()) as { error?: unknown };
    return { status: res.status, error: typeof body.error === 'string' ? body.error : JSON.stringify(body) };
  }

  it('answers a vision model that gets text and a 64×64 PNG, JPEG or WebP', async () => {
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const url = dataUrl(encodeImage(format, 64, 80, [1, 2, 3]), `image/${format}`);
      const r = await chat(VISION, [{ type: 'text', text: 'What is this?' }, imagePart(url)]);
      assert.equal(r.status, 200, `${format}: ${r.error}`);
    }
  });

  it('refuses an image for a model without supportsVision, before inference', async () => {
    const r = await chat(TEXT_ONLY, [{ type: 'text', text: 'What is this?' }, imagePart(png(100, 100))]);
    assert.equal(r.status, 400);
    assert.match(r.error, /does not support image input/);
  });

  it('refuses images smaller than 64 px on a side', async () => {
    const r = await chat(VISION, [imagePart(png(63, 200))]);
    assert.equal(r.status, 400);
    assert.match(r.error, /63x200.*at least 64 pixels/);
  });

  it('refuses more than 10 images in one message, and takes 10', async () => {
    const ten = Array.from({ length: 10 }, () => imagePart(png(64, 64)));
    assert.equal((await chat(VISION, ten)).status, 200);
    const r = await chat(VISION, [...ten, imagePart(png(64, 64))]);
    assert.equal(r.status, 400);
    assert.match(r.error, /at most 10 images/);
  });

  it('refuses data URLs that are not the image they claim, not base64, or not an image type', async () => {
    const jpegCalledPng = dataUrl(encodeImage('jpeg', 100, 100, [9, 9, 9]), 'image/png');
    for (const url of [jpegCalledPng, 'data:image/png;base64,not*base64', 'data:image/svg+xml;base64,PHN2Zy8+', 'data:text/html;base64,PGgxPg==', 'ftp://example.com/a.png']) {
      const r = await chat(VISION, [imagePart(url)]);
      assert.equal(r.status, 400, url.slice(0, 40));
    }
  });

  it('follows the schema: image_url must be an object with a url, and a text part may not be empty', async () => {
    assert.equal((await chat(VISION, [{ type: 'image_url', image_url: png(64, 64) }])).status, 400);
    assert.equal((await chat(VISION, [{ type: 'image_url', image_url: {} }])).status, 400);
    assert.equal((await chat(VISION, [{ type: 'text', text: '' }, imagePart(png(64, 64))])).status, 400);
  });
});
