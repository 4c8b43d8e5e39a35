// The `npm start` demo's scripted answers, through the real client and the strict simulator: a change
// request becomes an edit_file call whose oldText is in the sample project, a read request becomes
// read_file, queued scripts still win, and a simulator without the demo keeps its plain echo.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { StreamEvent } from '../../../src/venice/types';
import { DEMO_EDIT, demoChat, startSimulator, type Simulator } from '../../fixtures/simulator';
import { collect, KEY, makeClient, textChat } from './helpers';

const DEMO_WORKSPACE = path.resolve(__dirname, '..', '..', 'fixtures', 'demo-workspace');
const EDITOR_TOOLS = ['read_file', 'edit_file'].map((name) => ({ type: 'function' as const, function: { name, parameters: { type: 'object', properties: {} } } }));

function toolCalls(events: StreamEvent[]): Array<{ name: string; args: Record<string, unknown> }> {
  return events.flatMap((e) => (e.type === 'toolCalls' ? e.calls.map((c) => ({ name: c.name, args: JSON.parse(c.arguments) as Record<string, unknown> })) : []));
}

describe('venice simulator: the npm start demo', function () {
  this.timeout(10_000);
  let demo: Simulator;
  let plain: Simulator;

  before(async () => {
    demo = await startSimulator({ validKeys: [KEY], defaultChat: demoChat });
    plain = await startSimulator({ validKeys: [KEY] });
  });
  after(async () => {
    await demo.close();
    await plain.close();
  });

  it('answers a change request with an edit_file call that applies to the sample project as it is shipped', async () => {
    const r = await collect(makeClient(demo).client.streamChat({ ...textChat('Make the greeting in src/greet.ts friendlier'), tools: EDITOR_TOOLS }));
    assert.equal(r.error, undefined);
    assert.match(r.text, /greet\.ts/);
    const calls = toolCalls(r.events);
    assert.deepEqual(calls, [{ name: 'edit_file', args: { ...DEMO_EDIT } }]);
    const file = readFileSync(path.join(DEMO_WORKSPACE, DEMO_EDIT.path), 'utf8');
    assert.equal(file.split(DEMO_EDIT.oldText).length, 2, 'oldText occurs exactly once, as edit_file requires');
  });

  it('answers a read request with read_file on a file of the sample project', async () => {
    const r = await collect(makeClient(demo).client.streamChat({ ...textChat('Explain src/app.ts'), tools: EDITOR_TOOLS }));
    const calls = toolCalls(r.events);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].name, 'read_file');
    assert.ok(readFileSync(path.join(DEMO_WORKSPACE, String(calls[0].args.path)), 'utf8').includes('greet'));
  });

  it('answers anything else, and a change request without tools, in text that says what to try', async () => {
    const hello = await collect(makeClient(demo).client.streamChat(textChat('hello there')));
    assert.match(hello.text, /^You said: hello there/);
    assert.match(hello.text, /Venice simulator/);
    assert.deepEqual(toolCalls(hello.events), []);
    const noTools = await collect(makeClient(demo).client.streamChat(textChat('fix the greeting')));
    assert.deepEqual(toolCalls(noTools.events), [], 'never a call to a tool the request did not offer');
  });

  it('closes the turn after a tool result with the ordinary echo', async () => {
    const r = await collect(
      makeClient(demo).client.streamChat({
        model: 'default',
        tools: EDITOR_TOOLS,
        messages: [
          { role: 'user', content: 'fix the greeting' },
          { role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'edit_file', arguments: JSON.stringify(DEMO_EDIT) } }] },
          { role: 'tool', tool_call_id: 'c1', content: 'Edited src/greet.ts.' },
        ],
      }),
    );
    assert.match(r.text, /^Tool result received: Edited src\/greet\.ts\./);
    assert.deepEqual(toolCalls(r.events), []);
  });

  it('lets a queued script win over the demo, and a simulator without the demo keeps the plain echo', async () => {
    demo.enqueueChat({ steps: ['scripted'] });
    assert.equal((await collect(makeClient(demo).client.streamChat({ ...textChat('fix it'), tools: EDITOR_TOOLS }))).text, 'scripted');
    const echo = await collect(makeClient(plain).client.streamChat({ ...textChat('fix the greeting'), tools: EDITOR_TOOLS }));
    assert.match(echo.text, /^You said: fix the greeting/);
    assert.doesNotMatch(echo.text, /Venice simulator/);
    assert.deepEqual(toolCalls(echo.events), []);
  });
});
