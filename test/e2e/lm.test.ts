// Issue 8: Venice as a language model provider inside the real VS Code. The test bridge is a
// different extension than Venice, so `vscode.lm` calls from it are exactly what any other
// extension using Venice does.
import * as assert from 'node:assert/strict';
import { MODELS } from '../fixtures/simulator';
import type { RecordedRequest } from '../fixtures/simulator';
import { e2e } from './context';

interface ModelView {
  id: string;
  name: string;
  vendor: string;
  family: string;
  maxInputTokens: number;
}

interface Part {
  text?: string;
  callId?: string;
  name?: string;
  input?: unknown;
}

const GLM = 'zai-org-glm-5-2';

/** Waits until VS Code has (re)read the provider's models. */
async function veniceModels(expectAtLeast = 1, timeoutMs = 15_000): Promise<ModelView[]> {
  const { vscode } = e2e();
  const until = Date.now() + timeoutMs;
  for (;;) {
    const models = await vscode.bridge.run<ModelView[]>(`
      const ms = await vscode.lm.selectChatModels({ vendor: 'venice' });
      return ms.map((m) => ({ id: m.id, name: m.name, vendor: m.vendor, family: m.family, maxInputTokens: m.maxInputTokens }));
    `);
    if (models.length >= expectAtLeast || Date.now() > until) return models;
    await new Promise((r) => setTimeout(r, 300));
  }
}

function chatRequests(from: number): RecordedRequest[] {
  return e2e().sim.requests.slice(from).filter((r) => r.path === '/chat/completions');
}

describe('lm: Venice models for other extensions (vscode.lm)', function () {
  this.timeout(90_000);

  before(async () => {
    const { vscode, validKey } = e2e();
    await vscode.bridge.run(`
      await vscode.extensions.getExtension('venice-community.venice-vscode').activate();
      return vscode.commands.executeCommand('venice.setApiKey', { key: args });
    `, validKey);
  });

  it('selectChatModels({vendor: "venice"}) returns the usable text models with their real limits', async () => {
    const models = await veniceModels();
    const expected = MODELS.filter((m) => m.type === 'text' && !m.model_spec.offline && !m.id.startsWith('e2ee-') && m.model_spec.capabilities?.supportsE2EE !== true);
    assert.deepEqual(models.map((m) => m.id).sort(), expected.map((m) => m.id).sort());
    assert.ok(!models.some((m) => m.id === 'hermes-3-llama-3.1-405b'), 'offline model left out');
    assert.ok(!models.some((m) => m.id.startsWith('e2ee-')), 'E2EE-only model left out');
    const glm = models.find((m) => m.id === GLM);
    assert.ok(glm);
    assert.equal(glm.vendor, 'venice');
    assert.equal(glm.name, 'GLM 5.2');
    // 200,000-token window, answers up to 24,000: the prompt may use the rest.
    assert.equal(glm.maxInputTokens, 200_000 - 24_000);
    const small = models.find((m) => m.id === 'venice-uncensored-1-2');
    assert.equal(small?.maxInputTokens, 32_768 - 8_192);
  });

  it('streams text and a tool call (LanguageModelToolCallPart) for a request with a tool', async () => {
    const { vscode, sim } = e2e();
    const before = sim.requests.length;
    sim.enqueueChat({ steps: ['Let me check ', 'the weather.'], toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris","unit":"C"}' }] });
    const parts = await vscode.bridge.run<Part[]>(`
      const [m] = await vscode.lm.selectChatModels({ vendor: 'venice', id: ${JSON.stringify(GLM)} });
      const res = await m.sendRequest(
        [vscode.LanguageModelChatMessage.User('What is the weather in Paris?')],
        { tools: [{ name: 'get_weather', description: 'Current weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] } }] },
        new vscode.CancellationTokenSource().token,
      );
      const parts = [];
      for await (const p of res.stream) {
        if (p instanceof vscode.LanguageModelTextPart) parts.push({ text: p.value });
        else if (p instanceof vscode.LanguageModelToolCallPart) parts.push({ callId: p.callId, name: p.name, input: p.input });
      }
      return parts;
    `);
    assert.equal(parts.filter((p) => p.text !== undefined).map((p) => p.text).join(''), 'Let me check the weather.');
    const calls = parts.filter((p) => p.name !== undefined);
    assert.deepEqual(calls, [{ callId: 'call_w1', name: 'get_weather', input: { city: 'Paris', unit: 'C' } }]);

    const [req] = chatRequests(before);
    const body = req.body as { model: string; tools: Array<{ function: { name: string; parameters: unknown } }>; messages: unknown[]; venice_parameters: Record<string, unknown>; stream: boolean };
    assert.equal(body.model, GLM);
    assert.equal(body.stream, true);
    assert.equal(body.tools[0].function.name, 'get_weather');
    assert.deepEqual(body.messages, [{ role: 'user', content: 'What is the weather in Paris?' }]);
    assert.equal(body.venice_parameters.include_venice_system_prompt, false, "the caller's prompt is not mixed with Venice's");
  });

  it('sends a tool result back as a tool message and streams the answer to it', async () => {
    const { vscode, sim } = e2e();
    const before = sim.requests.length;
    const text = await vscode.bridge.run<string>(`
      const [m] = await vscode.lm.selectChatModels({ vendor: 'venice', id: ${JSON.stringify(GLM)} });
      const res = await m.sendRequest([
        vscode.LanguageModelChatMessage.User('What is the weather in Paris?'),
        vscode.LanguageModelChatMessage.Assistant([new vscode.LanguageModelToolCallPart('call_w1', 'get_weather', { city: 'Paris' })]),
        vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart('call_w1', [new vscode.LanguageModelTextPart('18 °C and sunny')])]),
      ], { tools: [{ name: 'get_weather', description: 'Current weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }] }, new vscode.CancellationTokenSource().token);
      let text = '';
      for await (const t of res.text) text += t;
      return text;
    `);
    assert.match(text, /Tool result received: 18 °C and sunny/);
    const [req] = chatRequests(before);
    const messages = (req.body as { messages: Array<Record<string, unknown>> }).messages;
    assert.equal(messages[1].role, 'assistant');
    assert.ok(messages[1].content === undefined || messages[1].content === null, 'no text in the tool-call turn');
    assert.deepEqual(messages[1].tool_calls, [{ id: 'call_w1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
    assert.deepEqual(messages[2], { role: 'tool', tool_call_id: 'call_w1', content: '18 °C and sunny' });
  });

  it('reports invalid tool-call JSON as an error, not as a bogus call', async () => {
    const { vscode, sim } = e2e();
    sim.enqueueChat({ toolCalls: [{ id: 'call_bad', name: 'get_weather', arguments: '{"city": "Par' }] });
    const r = await vscode.bridge.run<{ calls: number; error?: string }>(`
      const [m] = await vscode.lm.selectChatModels({ vendor: 'venice', id: ${JSON.stringify(GLM)} });
      let calls = 0;
      try {
        const res = await m.sendRequest([vscode.LanguageModelChatMessage.User('Weather?')], { tools: [{ name: 'get_weather', description: 'w', inputSchema: { type: 'object', properties: {} } }] }, new vscode.CancellationTokenSource().token);
        for await (const p of res.stream) if (p instanceof vscode.LanguageModelToolCallPart) calls++;
        return { calls };
      } catch (e) {
        return { calls, error: String(e && e.message) };
      }
    `);
    assert.equal(r.calls, 0);
    assert.match(r.error ?? '', /get_weather.*not valid JSON/);
  });

  it('passes on Venice errors with the product’s clear message', async () => {
    const { vscode, sim, validKey } = e2e();
    sim.enqueueChat({ fault: { kind: 'status', status: 402, body: { error: 'Insufficient USD or Diem balance to complete request' } } });
    const error = await vscode.bridge.run<string>(`
      const [m] = await vscode.lm.selectChatModels({ vendor: 'venice', id: ${JSON.stringify(GLM)} });
      try {
        const res = await m.sendRequest([vscode.LanguageModelChatMessage.User('Hi')], {}, new vscode.CancellationTokenSource().token);
        for await (const _ of res.text) { /* drain */ }
        return 'no error';
      } catch (e) {
        return String(e && e.message);
      }
    `);
    assert.match(error, /Your Venice balance is empty\. Add credit at venice\.ai/);
    assert.ok(!error.includes(validKey));
  });

  it('cancelling the request closes the HTTP stream', async () => {
    const { vscode, sim } = e2e();
    const steps = Array.from({ length: 60 }, (_, i) => ({ content: `chunk ${i} `, delayMs: 200 }));
    sim.enqueueChat({ steps });
    const before = sim.requests.length;
    const started = Date.now();
    const got = await vscode.bridge.run<string>(`
      const [m] = await vscode.lm.selectChatModels({ vendor: 'venice', id: ${JSON.stringify(GLM)} });
      const cts = new vscode.CancellationTokenSource();
      const res = await m.sendRequest([vscode.LanguageModelChatMessage.User('Tell me a long story')], {}, cts.token);
      let got = '';
      try {
        for await (const t of res.text) {
          got += t;
          if (got.includes('chunk 1 ')) cts.cancel();
        }
      } catch {
        // A cancelled stream may end with an error; either way it must stop.
      }
      return got;
    `);
    const [req] = chatRequests(before);
    assert.ok(req, 'the request reached Venice');
    assert.equal(await sim.waitForClose(req, 5_000), true, 'the simulator saw the connection close');
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 8_000, `closed after ${elapsed} ms, long before the 12 s answer would have ended`);
    assert.ok(!got.includes('chunk 20 '), 'no text arrived after the cancel took effect');
  });

  it('counts tokens with the documented estimate', async () => {
    const { vscode } = e2e();
    const counts = await vscode.bridge.run<number[]>(`
      const [m] = await vscode.lm.selectChatModels({ vendor: 'venice', id: ${JSON.stringify(GLM)} });
      const t = new vscode.CancellationTokenSource().token;
      return [await m.countTokens('hello world', t), await m.countTokens(vscode.LanguageModelChatMessage.User('abcdefgh'), t)];
    `);
    assert.deepEqual(counts, [3, 4 + 2]);
  });

  it('offers no models without a key (silently), and offers them again once a key is set', async () => {
    const { vscode, sim, validKey } = e2e();
    try {
      await vscode.bridge.run(`return vscode.commands.executeCommand('venice.clearApiKey')`);
      const before = sim.requests.length;
      const until = Date.now() + 10_000;
      let models = await veniceModels(0);
      while (models.length && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 300));
        models = await veniceModels(0);
      }
      assert.equal(models.length, 0);
      assert.ok(!sim.requests.slice(before).some((r) => r.path.startsWith('/models')), 'nothing is asked of Venice without a key');
      const page = vscode.page;
      assert.equal(await page.locator('.notifications-toasts .notification-toast:has-text("Venice needs your API key")').count(), 0, 'no prompt while VS Code only looks');
    } finally {
      await vscode.bridge.run(`return vscode.commands.executeCommand('venice.setApiKey', { key: args })`, validKey);
    }
    const back = await veniceModels(1);
    assert.ok(back.some((m) => m.id === GLM), 'models are back after the key is set');
  });
});
