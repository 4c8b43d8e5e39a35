// run_command in the tool host: never offered or run in Restricted Mode, never skips its card
// through venice.tools.autoApprove (only its own allow-list can), and its live output reaches the
// turn's onOutput.
import * as assert from 'node:assert/strict';
import { createDispatcher, defineTool, type ToolPolicy } from '../../../src/tools/dispatcher';
import { toolSpec } from '../../../src/tools/schemas';
import type { ApprovalRequest } from '../../../src/tools/types';

function host(trusted: boolean) {
  let ran = 0;
  const tool = defineTool<{ command: string }>(toolSpec('run_command'), async (args, rt) => {
    if (!(await rt.approve({ title: 'Run a command in ws', detail: args.command }))) return { ok: false, rejected: true, content: 'rejected', summary: 'Rejected' };
    ran++;
    rt.showOutput('live line');
    return { ok: true, content: 'exit code 0', summary: 'Exit code 0' };
  });
  const policy: ToolPolicy = { toolsEnabled: () => true, isTrusted: () => trusted, autoApproved: () => true };
  return { dispatcher: createDispatcher([tool], policy), ran: () => ran };
}

describe('terminal: run_command in the tool host', () => {
  const model = { id: 'm', type: 'text' as const, model_spec: { capabilities: { supportsFunctionCalling: true } } };

  it('is neither offered nor run in Restricted Mode', async () => {
    const { dispatcher, ran } = host(false);
    assert.deepEqual(dispatcher.definitions(model), []);
    const asks: ApprovalRequest[] = [];
    const out = await dispatcher.run({ id: 'c1', name: 'run_command', arguments: '{"command":"ls"}' }, { signal: new AbortController().signal, requestApproval: async (r) => (asks.push(r), true) });
    assert.equal(out.ok, false);
    assert.match(out.content, /not available in Restricted Mode.*does not run commands in it/);
    assert.equal(ran(), 0);
    assert.equal(asks.length, 0);
  });

  it('asks even when every tool is auto-approved, and streams its output to the turn', async () => {
    const { dispatcher, ran } = host(true);
    assert.equal(dispatcher.definitions(model)[0].function.name, 'run_command');
    const asks: ApprovalRequest[] = [];
    const outputs: string[] = [];
    const out = await dispatcher.run(
      { id: 'c1', name: 'run_command', arguments: '{"command":"npm test"}' },
      { signal: new AbortController().signal, requestApproval: async (r) => (asks.push(r), false), onOutput: (t) => outputs.push(t) },
    );
    assert.equal(out.rejected, true);
    assert.equal(asks.length, 1, 'the card was shown');
    assert.equal(asks[0].detail, 'npm test');
    assert.equal(ran(), 0);
    const applied = await dispatcher.run(
      { id: 'c2', name: 'run_command', arguments: '{"command":"npm test"}' },
      { signal: new AbortController().signal, requestApproval: async () => true, onOutput: (t) => outputs.push(t) },
    );
    assert.equal(applied.ok, true);
    assert.deepEqual(outputs, ['live line']);
  });

  it('refuses arguments outside the schema before anything runs', async () => {
    const { dispatcher, ran } = host(true);
    for (const args of ['{"command":""}', '{"command":"ls","shell":"bash"}', '{"command":"ls","timeoutSeconds":0}', '{"command":"ls","timeoutSeconds":99999}', `{"command":"${'x'.repeat(8001)}"}`]) {
      const out = await dispatcher.run({ id: 'c', name: 'run_command', arguments: args }, { signal: new AbortController().signal, requestApproval: async () => true });
      assert.equal(out.ok, false, args.slice(0, 60));
    }
    assert.equal(ran(), 0);
  });
});
