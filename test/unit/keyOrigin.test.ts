// Issue 18 item 10: the API key goes only to the origin it was approved for; another origin is asked
// about first, and a refusal sends nothing.
import * as assert from 'node:assert/strict';
import { KeyOriginGate, originOf, VENICE_ORIGIN } from '../../src/keyOrigin';

function setup(answer: boolean, stored?: string) {
  const memory = { value: stored, get: async () => memory.value, set: async (o: string) => void (memory.value = o) };
  const asked: Array<{ origin: string; approved: string | undefined }> = [];
  const gate = new KeyOriginGate(memory, async (origin, approved) => {
    asked.push({ origin, approved });
    await new Promise((r) => setTimeout(r, 5));
    return answer;
  });
  return { gate, memory, asked };
}

describe('the API key is tied to its server (issue 18 item 10)', () => {
  it('a key set for an origin is sent there without a question', async () => {
    const { gate, asked } = setup(false);
    await gate.bind('http://127.0.0.1:4000');
    assert.equal(await gate.allows('http://127.0.0.1:4000'), true);
    assert.deepEqual(asked, []);
  });

  it('another origin is asked about once, even by many requests at a time; a refusal sends nothing and is not asked again', async () => {
    const { gate, asked, memory } = setup(false, VENICE_ORIGIN);
    const answers = await Promise.all([gate.allows('https://evil.example'), gate.allows('https://evil.example'), gate.allows('https://evil.example')]);
    assert.deepEqual(answers, [false, false, false]);
    assert.deepEqual(asked, [{ origin: 'https://evil.example', approved: VENICE_ORIGIN }]);
    assert.equal(await gate.allows('https://evil.example'), false);
    assert.equal(asked.length, 1, 'not asked again this session');
    assert.equal(memory.value, VENICE_ORIGIN, 'the approval stays with Venice');
    assert.equal(await gate.allows(VENICE_ORIGIN), true, 'Venice itself still works');
  });

  it('an approval moves the key to the new origin (the old one then asks)', async () => {
    const { gate, memory, asked } = setup(true, VENICE_ORIGIN);
    assert.equal(await gate.allows('https://proxy.example:8443'), true);
    assert.equal(memory.value, 'https://proxy.example:8443');
    assert.equal(await gate.allows(VENICE_ORIGIN), true);
    assert.equal(asked.length, 2);
  });

  it('a key stored before origins were kept binds silently to Venice, and asks for any other origin', async () => {
    const venice = setup(false);
    assert.equal(await venice.gate.allows(VENICE_ORIGIN), true);
    assert.equal(venice.memory.value, VENICE_ORIGIN);
    assert.deepEqual(venice.asked, []);
    const other = setup(false);
    assert.equal(await other.gate.allows('http://127.0.0.1:9'), false);
    assert.deepEqual(other.asked, [{ origin: 'http://127.0.0.1:9', approved: undefined }]);
    assert.equal(other.memory.value, undefined, 'nothing bound on refusal');
  });

  it('setting the key again forgets earlier refusals', async () => {
    const { gate } = setup(false, VENICE_ORIGIN);
    assert.equal(await gate.allows('https://evil.example'), false);
    await gate.bind('https://evil.example');
    assert.equal(await gate.allows('https://evil.example'), true);
  });

  it('origins: path and trailing slashes do not matter, ports and schemes do; non-http URLs have none', () => {
    assert.equal(originOf('https://api.venice.ai/api/v1'), VENICE_ORIGIN);
    assert.equal(originOf('https://api.venice.ai/other/'), VENICE_ORIGIN);
    assert.notEqual(originOf('http://api.venice.ai/api/v1'), VENICE_ORIGIN);
    assert.notEqual(originOf('https://api.venice.ai:444/api/v1'), VENICE_ORIGIN);
    assert.equal(originOf('file:///etc/passwd'), undefined);
    assert.equal(originOf('not a url'), undefined);
  });
});
