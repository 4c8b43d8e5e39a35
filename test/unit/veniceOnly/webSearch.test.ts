// Web search with citations, end to end in plain Node: the request the chat builds (checked by the
// strict simulator), citations read from the stream's last chunk and from a JSON answer, the "no
// sources" note, and both marker styles rendered as links in the chat webview (jsdom).
import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { newAssistantEntry, type AssistantEntry, type Entry } from '../../../src/chat/model';
import { planRequest, webSearchNote, type TurnSettings } from '../../../src/llm/planner';
import { TurnRunner } from '../../../src/chat/turnRunner';
import { assistantView } from '../../../src/chat/view';
import type { ChatStateView, ToHost } from '../../../src/shared/protocol';
import type { ToolHost } from '../../../src/tools/types';
import type { VeniceModel } from '../../../src/venice/types';
import { createChatApp } from '../../../webview-ui/chat/app';
import type { Simulator } from '../../fixtures/simulator';
import { makeClient, withSimulator } from '../venice/helpers';

const noTools: ToolHost = { definitions: () => [], isPaid: () => false, run: async () => ({ ok: false, content: 'no tools', summary: 'no tools' }) };

function settings(model: VeniceModel | undefined, over: Partial<TurnSettings> = {}): TurnSettings {
  return {
    model: model?.id ?? '',
    resolvedModel: model?.id ?? 'default',
    modelInfo: model,
    systemPrompt: '',
    includeVeniceSystemPrompt: false,
    webSearch: 'off',
    character: '',
    maxToolRounds: 3,
    ...over,
  };
}

function render(entry: AssistantEntry): { doc: Document; posted: ToHost[] } {
  const dom = new JSDOM('<!DOCTYPE html><html><body><div id="app"></div></body></html>');
  const win = dom.window as unknown as Window & typeof globalThis;
  const posted: ToHost[] = [];
  const app = createChatApp(win.document.getElementById('app') as HTMLElement, { postMessage: (m) => posted.push(m), getState: () => undefined, setState: () => undefined }, win, { requestFrame: (cb) => cb() });
  const state: ChatStateView = {
    conversations: [],
    activeId: 'c1',
    messages: [assistantView(entry, () => undefined)],
    conversationNotes: [],
    busy: null,
    models: { models: [], selected: '', loading: false },
    attachments: [],
  };
  app.handle(JSON.parse(JSON.stringify({ type: 'state', state })) as never);
  return { doc: win.document, posted };
}

describe('venice-only web search: request fields and citations', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let t: ReturnType<typeof makeClient>;
  let glm: VeniceModel;
  let noSearch: VeniceModel;

  before(async () => {
    sim = await withSimulator();
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    sim.reset();
    t = makeClient(sim);
    const models = await t.client.listModels('text');
    glm = models.find((m) => m.id === 'zai-org-glm-5-2') as VeniceModel;
    noSearch = models.find((m) => m.model_spec.capabilities?.supportsWebSearch !== true && m.model_spec.offline !== true && !m.id.startsWith('e2ee')) as VeniceModel;
    assert.ok(glm && noSearch);
  });
  afterEach(async () => {
    await t.client.close();
  });

  async function answer(s: TurnSettings, question: string): Promise<AssistantEntry> {
    const prior: Entry[] = [{ id: 'u1', role: 'user', text: question, attachments: [], createdAt: 1 }];
    const entry = newAssistantEntry(2, undefined);
    const hooks = { onText: () => undefined, onReasoning: () => undefined, onChange: () => undefined, onRetry: () => undefined, requestApproval: async () => false };
    await new TurnRunner(t.client, noTools).run({ prior, entry, settings: s, signal: new AbortController().signal, hooks });
    return entry;
  }

  const lastChatBody = () => sim.requests.filter((r) => r.path === '/chat/completions').at(-1)?.body as Record<string, unknown>;

  it('plans exactly the documented venice_parameters for each mode', () => {
    assert.deepEqual(planRequest(settings(glm, { webSearch: 'on' }), []).base.venice_parameters, {
      include_venice_system_prompt: false,
      enable_web_search: 'on',
      enable_web_citations: true,
      include_search_results_in_stream: true,
    });
    assert.deepEqual(planRequest(settings(glm, { webSearch: 'auto', character: 'alan-watts' }), []).base.venice_parameters, {
      include_venice_system_prompt: false,
      enable_web_search: 'auto',
      enable_web_citations: true,
      include_search_results_in_stream: true,
      character_slug: 'alan-watts',
    });
    assert.deepEqual(planRequest(settings(glm), []).base.venice_parameters, { include_venice_system_prompt: false });
    const unsupported = planRequest(settings(noSearch, { webSearch: 'on' }), []);
    assert.deepEqual(unsupported.base.venice_parameters, { include_venice_system_prompt: false });
    assert.match(unsupported.notes.join(' '), /does not support it: answered without searching/);
  });

  it('sends a body the strict simulator accepts, with exactly those fields', async () => {
    sim.enqueueChat({ steps: ['ok'] });
    const entry = await answer(settings(glm, { webSearch: 'on', character: 'alan-watts' }), 'What is Venice?');
    assert.equal(entry.state, 'done', entry.error?.message);
    const body = lastChatBody();
    assert.deepEqual(Object.keys(body).sort(), ['messages', 'model', 'stream', 'stream_options', 'venice_parameters']);
    assert.deepEqual(body.venice_parameters, {
      include_venice_system_prompt: false,
      enable_web_search: 'on',
      enable_web_citations: true,
      include_search_results_in_stream: true,
      character_slug: 'alan-watts',
    });
    assert.equal(sim.requests.filter((r) => r.path === '/chat/completions').at(-1)?.status, 200);
  });

  it('reads citations from the final choices:[] chunk of a stream and links ^1^ / ^1,2^ markers', async () => {
    sim.enqueueChat({ steps: ['Venice is built on 118 islands^1^ ', 'in a lagoon^1,2^.'] });
    const entry = await answer(settings(glm, { webSearch: 'on' }), 'Tell me about Venice');
    assert.equal(entry.citations.length, 2);
    assert.equal(entry.citations[0].url, 'https://example.com/venice-sim/1');
    assert.ok(!entry.notes.some((n) => /no sources/.test(n)));
    const { doc } = render(entry);
    const links = Array.from(doc.querySelectorAll('sup.citation a')).map((a) => [a.textContent, a.getAttribute('href')]);
    assert.deepEqual(links, [
      ['[1]', 'https://example.com/venice-sim/1'],
      ['[1]', 'https://example.com/venice-sim/1'],
      ['[2]', 'https://example.org/venice-sim/2'],
    ]);
    const sources = Array.from(doc.querySelectorAll('.source-list li'));
    assert.equal(sources.length, 2);
    assert.match(sources[0].textContent ?? '', /About Tell me about Venice.*example\.com.*2026-09-01.*A page about/);
  });

  it('reads citations from a JSON (non-stream) answer and links [REF]n[/REF] markers', async () => {
    const citations = [
      { title: 'Lagoon', url: 'https://lagoon.example/a', content: 'Snippet <b>one</b>', date: '2026-01-02T00:00:00' },
      { title: 'Bridges', url: 'https://bridges.example/b' },
    ];
    const completion = {
      id: 'c1',
      object: 'chat.completion',
      created: 1,
      model: 'zai-org-glm-5-2',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'It has 400 bridges[REF]2[/REF] over a lagoon[REF]1[/REF].' } }],
      usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 },
      venice_parameters: { enable_web_search: 'on', web_search_citations: citations },
    };
    sim.enqueueChat({ fault: { kind: 'body', contentType: 'application/json', body: JSON.stringify(completion) } });
    const entry = await answer(settings(glm, { webSearch: 'on' }), 'Bridges?');
    assert.deepEqual(entry.citations.map((c) => c.url), ['https://lagoon.example/a', 'https://bridges.example/b']);
    const { doc } = render(entry);
    assert.deepEqual(
      Array.from(doc.querySelectorAll('sup.citation a')).map((a) => a.getAttribute('href')),
      ['https://bridges.example/b', 'https://lagoon.example/a'],
    );
    assert.equal(doc.querySelector('.source-snippet')?.textContent, 'Snippet <b>one</b>', 'snippets are text, not HTML');
    assert.equal(doc.querySelector('.source-snippet b'), null);

    // The plain non-stream call exposes the same list.
    const direct = await t.client.chat({ model: 'zai-org-glm-5-2', messages: [{ role: 'user', content: 'Q' }], venice_parameters: { enable_web_search: 'on', enable_web_citations: true } });
    assert.ok((direct.venice_parameters?.web_search_citations ?? []).length > 0);
  });

  it('says so when search was on but no sources came back', async () => {
    sim.enqueueChat({ steps: ['No idea.'], citations: [] });
    const entry = await answer(settings(glm, { webSearch: 'on' }), 'Obscure question');
    assert.deepEqual(entry.citations, []);
    assert.ok(entry.notes.includes('Web search found no sources for this answer.'), entry.notes.join(' | '));
    const { doc } = render(entry);
    assert.match(doc.querySelector('.notes')?.textContent ?? '', /Web search found no sources/);
    assert.equal(webSearchNote({ model: 'm', venice_parameters: { enable_web_search: 'auto' } }, 0)?.startsWith('Web search (auto) found no sources'), true);
    assert.equal(webSearchNote({ model: 'm', venice_parameters: { enable_web_search: 'off' } }, 0), undefined);
    assert.equal(webSearchNote({ model: 'm', venice_parameters: { enable_web_search: 'on' } }, 2), undefined);
  });

  it('never makes a link of a javascript: source, and clicking it posts nothing', async () => {
    sim.enqueueChat({ steps: ['Click^1^ here^2^.'], citations: [{ title: 'Evil', url: 'javascript:alert(1)' }, { title: 'Good', url: 'https://good.example/' }] });
    const entry = await answer(settings(glm, { webSearch: 'on' }), 'x');
    const { doc, posted } = render(entry);
    const anchors = Array.from(doc.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    assert.ok(!anchors.some((h) => h?.startsWith('javascript')), anchors.join(', '));
    const evil = Array.from(doc.querySelectorAll('.source-list li span, sup.citation span')).find((el) => el.textContent?.includes('Evil') || el.textContent === '[1]');
    assert.ok(evil, 'the javascript: source is shown as text');
    (evil as HTMLElement).click();
    assert.equal(posted.filter((m) => m.type === 'openLink').length, 0);
    (doc.querySelector('sup.citation a') as HTMLElement).click();
    assert.deepEqual(posted.filter((m) => m.type === 'openLink'), [{ type: 'openLink', href: 'https://good.example/' }]);
  });
});
