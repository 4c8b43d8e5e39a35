// Issue 14 §4, host side: images from the untrusted webview are checked from their bytes (type,
// size, 64 px minimum), the protocol refuses forged image messages, the planner's vision gate keeps
// images from models that cannot read them, and images are stored with the conversation (old
// stored conversations, without images, still load).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatController } from '../../../src/chat/controller';
import { userMessage } from '../../../src/chat/history';
import { imageFromBytes, imageFromDataUrl, isImageError, PendingImages } from '../../../src/chat/imageAttach';
import type { ChatImage } from '../../../src/chat/model';
import { nodeStorageFs } from '../../../src/chat/storageFs';
import { ConversationStore } from '../../../src/chat/store';
import { parseConversation } from '../../../src/chat/storeSchema';
import { buildChatRequest } from '../../../src/lm/request';
import { ToolNames } from '../../../src/lm/tools';
import { fitRequest, IMAGE_LEFT_OUT_NOTE, imageRefusal, planRequest, type TurnSettings } from '../../../src/llm/planner';
import { MAX_IMAGE_BYTES, MAX_IMAGE_DATA_URL_CHARS } from '../../../src/shared/chatImages';
import { parseToHost } from '../../../src/shared/protocol';
import type { VeniceModel } from '../../../src/venice/types';
import { encodeImage, encodePng } from '../../fixtures/simulator/images';
import { BASE_SETTINGS, FakeApi, FakeEnv, FakeTools, RecordingView, textEvents, textModel, until } from './fakes';

const pngBytes = (w: number, h: number) => encodePng(w, h, [200, 40, 40]);
const dataUrlOf = (bytes: Uint8Array, mime = 'image/png') => `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;

function ok(check: ReturnType<typeof imageFromBytes>): ChatImage {
  if (isImageError(check)) assert.fail(check.error);
  return check;
}

const vision = (id: string, caps: Record<string, unknown> = {}): VeniceModel => textModel(id, { capabilities: { supportsVision: true, supportsMultipleImages: true, ...caps } });
const settingsFor = (model: VeniceModel | undefined, id = 'm'): TurnSettings => ({ ...BASE_SETTINGS, resolvedModel: id, modelInfo: model });

describe('chat images: checked from their bytes on the host', () => {
  it('accepts PNG, JPEG and WebP of at least 64 px a side, with the real type and size, and rebuilds the data URL', () => {
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const bytes = encodeImage(format, 64, 120, [1, 2, 3]);
      const img = ok(imageFromBytes(bytes, `shot.${format}`));
      assert.equal(img.mimeType, `image/${format}`);
      assert.deepEqual([img.width, img.height, img.bytes], [64, 120, bytes.byteLength]);
      assert.equal(img.dataUrl, dataUrlOf(bytes, `image/${format}`));
    }
  });

  it('uses the type the bytes show, not the one the webview claims', () => {
    const jpeg = encodeImage('jpeg', 80, 80, [5, 5, 5]);
    const img = ok(imageFromDataUrl(dataUrlOf(jpeg, 'image/png'), 'lies.png'));
    assert.equal(img.mimeType, 'image/jpeg');
    assert.ok(img.dataUrl.startsWith('data:image/jpeg;base64,'));
  });

  it('refuses images under 64 px, non-images (SVG, HTML, GIF), and images over the size cap, each with a message naming the file', () => {
    const small = imageFromBytes(pngBytes(63, 500), 'tiny.png');
    assert.ok(isImageError(small) && /"tiny\.png" is 63×500 pixels; Venice needs at least 64/.test(small.error), JSON.stringify(small));
    for (const [bytes, name] of [
      [new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'x.svg'],
      [new TextEncoder().encode('<!doctype html><h1>hi</h1>'), 'page.png'],
      [new TextEncoder().encode('GIF89a\x40\x00\x40\x00'), 'anim.gif'],
      [new Uint8Array(0), 'empty.png'],
    ] as const) {
      const r = imageFromBytes(bytes, name);
      assert.ok(isImageError(r) && r.error.includes('is not a PNG, JPEG or WebP image'), name);
    }
    const huge = new Uint8Array(MAX_IMAGE_BYTES + 1);
    huge.set(pngBytes(64, 64));
    const big = imageFromBytes(huge, 'huge.png');
    assert.ok(isImageError(big) && /huge\.png" is 5\.0 MB; images up to 5\.0 MB/.test(big.error), JSON.stringify(big));
  });

  it('cleans the file name shown on the chip (one line, no hidden characters, bounded)', () => {
    const img = ok(imageFromBytes(pngBytes(64, 64), 'a\nb\u202Egnp.exe' + 'x'.repeat(500)));
    assert.ok(!/[\n\u202E]/.test(img.name));
    assert.ok(img.name.length <= 200);
  });

  it('the composer holds at most 10 images and says so on the 11th', () => {
    let changes = 0;
    const pending = new PendingImages(() => changes++);
    for (let i = 0; i < 10; i++) assert.equal(pending.add(ok(imageFromBytes(pngBytes(64, 64), `${i}.png`))), undefined);
    assert.match(pending.add(ok(imageFromBytes(pngBytes(64, 64), 'eleven.png'))) ?? '', /at most 10 images/);
    assert.equal(pending.list.length, 10);
    const ids = pending.list.slice(0, 3).map((i) => i.id);
    assert.equal(pending.take(ids).length, 3);
    assert.equal(pending.list.length, 7);
    assert.ok(changes >= 11);
  });
});

describe('chat images: the protocol refuses forged image messages', () => {
  const good = dataUrlOf(pngBytes(64, 64));

  it('takes a well-formed attachImage and a send with image ids', () => {
    assert.deepEqual(parseToHost({ type: 'attachImage', name: 'a.png', dataUrl: good }), { type: 'attachImage', name: 'a.png', dataUrl: good });
    assert.deepEqual(parseToHost({ type: 'send', text: 'x', attachmentIds: [], imageIds: ['img-1'] }), { type: 'send', text: 'x', attachmentIds: [], imageIds: ['img-1'] });
    assert.deepEqual(parseToHost({ type: 'removeQueued', messageId: 'q-1' }), { type: 'removeQueued', messageId: 'q-1' });
  });

  it('refuses other schemes and types, bad base64, oversized data URLs, long names, and too many image ids', () => {
    for (const dataUrl of [
      'https://example.com/a.png',
      'data:image/svg+xml;base64,PHN2Zy8+',
      'data:text/html;base64,PGgxPg==',
      'data:image/png,rawtext',
      'data:image/png;base64,@@@@',
      'data:image/png;base64,',
      `data:image/png;base64,${'A'.repeat(MAX_IMAGE_DATA_URL_CHARS)}`,
      42,
    ]) {
      assert.equal(parseToHost({ type: 'attachImage', name: 'a.png', dataUrl }), undefined, String(dataUrl).slice(0, 40));
    }
    assert.equal(parseToHost({ type: 'attachImage', name: 'n'.repeat(201), dataUrl: good }), undefined);
    assert.equal(parseToHost({ type: 'send', text: 'x', attachmentIds: [], imageIds: Array.from({ length: 11 }, (_, i) => `i${i}`) }), undefined);
    assert.equal(parseToHost({ type: 'send', text: 'x', attachmentIds: [], imageIds: ['../etc'] }), undefined);
    assert.equal(parseToHost({ type: 'removeQueued', messageId: 'a b' }), undefined);
  });
});

describe('chat images: the planner owns the vision gate', () => {
  const image = { type: 'image_url' as const, image_url: { url: dataUrlOf(pngBytes(64, 64)) } };

  it('refuses images before sending to a model without vision, or when the model is unknown, and names the model', () => {
    assert.match(imageRefusal(settingsFor(textModel('glm'), 'glm'), 1) ?? '', /^GLM cannot read images.*Switch to a model with vision/);
    assert.match(imageRefusal(settingsFor(undefined, 'mystery'), 2) ?? '', /^mystery cannot read images, so this message with 2 images/);
    assert.equal(imageRefusal(settingsFor(vision('qwen')), 10), undefined);
    assert.equal(imageRefusal(settingsFor(textModel('glm')), 0), undefined);
  });

  it('keeps to the model\'s own image count (single-image models, maxImages)', () => {
    assert.match(imageRefusal(settingsFor(vision('one', { supportsMultipleImages: false })), 2) ?? '', /at most 1 image per message/);
    assert.match(imageRefusal(settingsFor(vision('four', { maxImages: 4 })), 5) ?? '', /at most 4 images per message/);
  });

  it('fitRequest sends image parts to a vision model and turns them into a note for one without vision (any surface)', () => {
    const history = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'What is it?' }, image] }];
    const withVision = fitRequest(planRequest(settingsFor(vision('qwen')), []), history).body.messages;
    assert.deepEqual(withVision, history);
    const without = fitRequest(planRequest(settingsFor(textModel('glm')), []), history).body.messages;
    assert.deepEqual(without, [{ role: 'user', content: `What is it?\n\n${IMAGE_LEFT_OUT_NOTE}` }]);
  });

  it('the language model provider passes images only to a model that reads them (same gate)', () => {
    const history = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'See' }, image] }];
    const model = (imageInput: boolean) => ({ id: 'm', name: 'M', family: 'm', version: 'm', maxInputTokens: 10_000, maxOutputTokens: 1_000, capabilities: { toolCalling: false, imageInput } });
    const base = { messages: history, toolMode: 'auto' as const, toolNames: new ToolNames([]), includeVeniceSystemPrompt: false };
    assert.deepEqual(buildChatRequest({ ...base, model: model(true) }).messages, history);
    assert.deepEqual(buildChatRequest({ ...base, model: model(false) }).messages, [{ role: 'user', content: `See\n\n${IMAGE_LEFT_OUT_NOTE}` }]);
  });

  it('the chat turns a question with images into text then image_url parts (no empty text part)', () => {
    const img = ok(imageFromBytes(pngBytes(64, 64), 'a.png'));
    assert.deepEqual(userMessage({ text: 'Look', attachments: [], images: [img] }), { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: img.dataUrl } }] });
    assert.deepEqual(userMessage({ text: '', attachments: [], images: [img] }), { role: 'user', content: [{ type: 'image_url', image_url: { url: img.dataUrl } }] });
    assert.deepEqual(userMessage({ text: 'plain', attachments: [] }), { role: 'user', content: 'plain' });
  });
});

describe('chat images: through the controller, stored with the conversation', () => {
  let dir: string;
  let api: FakeApi;
  let env: FakeEnv;
  let view: RecordingView;
  let controller: ChatController;
  const make = () => new ChatController(api.asApi(), new FakeTools(), new ConversationStore(dir, nodeStorageFs, { warn: () => undefined }), env, view, { batchMs: 1 });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'venice-chat-img-'));
    api = new FakeApi();
    api.models = [textModel('text-only'), textModel('aged-seer', { capabilities: { supportsVision: true }, deprecation: { date: '2026-01-01' } }), vision('seer')];
    env = new FakeEnv();
    env.settingsValue.model = 'seer';
    view = new RecordingView();
    controller = make();
  });
  afterEach(() => {
    controller.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a pasted image becomes a chip, goes to a vision model as an image_url part, is saved, and comes back after a reload', async () => {
    api.scripts.push({ events: textEvents('A red square.') });
    const url = dataUrlOf(pngBytes(64, 64));
    controller.attachImageData(url, 'square.png');
    const chip = view.of('images').at(-1)?.images[0];
    assert.equal(chip?.name, 'square.png');
    await controller.send('What is it?', [], [chip?.id ?? '']);
    await controller.idle();
    assert.deepEqual(api.requests[0].messages.at(-1), { role: 'user', content: [{ type: 'text', text: 'What is it?' }, { type: 'image_url', image_url: { url } }] });
    assert.deepEqual(view.of('images').at(-1)?.images, [], 'the chip left the composer');

    controller.dispose();
    view = new RecordingView();
    controller = make();
    const state = await controller.getStateAfterLoad();
    const question = state.messages[0];
    assert.ok(question.role === 'user');
    assert.deepEqual(question.images?.map((i) => [i.name, i.width, i.height, i.dataUrl === url]), [['square.png', 64, 64, true]]);
  });

  it('refuses to send images to a model without vision: nothing sent, text and chip kept, and a switch to a vision model (not a retiring one) offered', async () => {
    env.settingsValue.model = 'text-only';
    controller.attachImageData(dataUrlOf(pngBytes(64, 64)), 'a.png');
    const id = view.of('images').at(-1)?.images[0].id ?? '';
    await controller.send('Describe it', [], [id]);
    assert.equal(api.requests.length, 0);
    assert.deepEqual(view.of('restoreDraft').map((m) => m.text), ['Describe it']);
    const notice = view.of('composerNotice').at(-1)?.notice;
    assert.match(notice?.text ?? '', /TEXT-ONLY cannot read images/);
    assert.deepEqual(notice?.visionModel, { id: 'seer', name: 'SEER' });
    assert.equal(view.of('images').at(-1)?.images.length, 1, 'the chip is still there');

    // The notice's action: switch, then send again.
    await controller.selectModel('seer');
    await controller.send('Describe it', [], [id]);
    await controller.idle();
    assert.equal(api.requests.length, 1);
    assert.equal(api.requests[0].model, 'seer');
  });

  it('says why a pasted image was refused (too small) and adds no chip', () => {
    controller.attachImageData(dataUrlOf(pngBytes(32, 32)), 'icon.png');
    assert.match(view.of('composerNotice').at(-1)?.notice?.text ?? '', /"icon\.png" is 32×32 pixels/);
    assert.equal(view.of('images').length, 0);
  });

  it('a queued message keeps its images and sends them when its turn comes', async () => {
    api.scripts.push({ events: [], hang: true });
    await controller.send('first', []);
    controller.attachImageData(dataUrlOf(pngBytes(64, 64)), 'later.png');
    const id = view.of('images').at(-1)?.images[0].id ?? '';
    await controller.send('and this?', [], [id]);
    assert.deepEqual(view.of('queue').at(-1)?.queued[0].images.map((i) => i.name), ['later.png']);
    controller.stop(view.of('busy').at(-1)?.busy?.requestId ?? '');
    await controller.idle();
    const last = api.requests[1].messages.at(-1);
    assert.ok(last && Array.isArray(last.content) && last.content.some((p) => p.type === 'image_url'));
    await until(() => readdirSync(dir).some((f) => f.startsWith('conv-') && readFileSync(join(dir, f), 'utf8').includes('later.png')));
  });
});

describe('chat images: stored conversations', () => {
  const base = { version: 1, id: 'c1', title: 't', createdAt: 1, updatedAt: 2 };

  it('loads a conversation stored before images and the queue existed', () => {
    const conv = parseConversation(JSON.stringify({ ...base, entries: [{ id: 'u1', role: 'user', text: 'hi', attachments: [], createdAt: 1 }] }));
    assert.equal(conv.entries[0].role === 'user' && conv.entries[0].images, undefined);
    assert.equal(conv.queued, undefined);
  });

  it('reads images and queued messages back, and refuses a stored image whose data is not the image type it claims', () => {
    const img = ok(imageFromBytes(pngBytes(64, 64), 'a.png'));
    const stored = { ...base, entries: [{ id: 'u1', role: 'user', text: 'hi', attachments: [], images: [img], createdAt: 1 }], queued: [{ id: 'q1', text: 'next', attachments: [], images: [img], createdAt: 3 }] };
    const conv = parseConversation(JSON.stringify(stored));
    assert.deepEqual(conv.entries[0].role === 'user' && conv.entries[0].images, [img]);
    assert.deepEqual(conv.queued?.map((q) => q.text), ['next']);
    const forged = { ...stored, queued: undefined, entries: [{ ...stored.entries[0], images: [{ ...img, dataUrl: 'javascript:alert(1)' }] }] };
    assert.throws(() => parseConversation(JSON.stringify(forged)));
  });
});
