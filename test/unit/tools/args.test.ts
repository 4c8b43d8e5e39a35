// T1/T2: the model's argument text is parsed and schema-checked before any tool runs.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArgumentValidator, MAX_ARGUMENT_CHARS, parseArguments } from '../../../src/tools/args';
import { ALL_TOOL_NAMES, CHANGING_TOOL_NAMES } from '../../../src/tools/names';
import { LIMITS, TOOL_SPECS, toolSpec, type ToolSpec } from '../../../src/tools/schemas';
import { GENERATED_FILE, toolValidatorsSource } from '../../../scripts/tool-validators.mjs';

const validator = new ArgumentValidator(TOOL_SPECS);

function check(name: (typeof ALL_TOOL_NAMES)[number], args: unknown): { ok: boolean; error?: string } {
  const r = validator.check(toolSpec(name), typeof args === 'string' ? args : JSON.stringify(args));
  return r.ok ? { ok: true } : { ok: false, error: r.error };
}

function rejects(name: (typeof ALL_TOOL_NAMES)[number], args: unknown, pattern: RegExp): void {
  const r = check(name, args);
  assert.equal(r.ok, false, `${name} ${JSON.stringify(args)?.slice(0, 80)} should be rejected`);
  assert.match(r.error ?? '', pattern);
}

describe('tools: argument parsing (T1)', () => {
  it('treats empty arguments as {}', () => {
    assert.deepEqual(parseArguments(''), { ok: true, args: {} });
    assert.deepEqual(parseArguments('   '), { ok: true, args: {} });
  });

  it('rejects a truncated object, saying it is not valid JSON and showing what arrived', () => {
    const r = parseArguments('{"path":"a.ts",');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /not valid JSON/);
    assert.match(!r.ok ? r.error : '', /\{"path":"a\.ts",/);
  });

  it('rejects concatenated objects {}{"path":"a"} instead of picking one', () => {
    const r = parseArguments('{}{"path":"a"}');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /not valid JSON/);
  });

  it('rejects JSON that is not an object: a string, an array, null, a number', () => {
    for (const [raw, kind] of [
      ['"a.ts"', 'a string'],
      ['["a.ts"]', 'an array'],
      ['null', 'null'],
      ['42', 'a number'],
    ] as const) {
      const r = parseArguments(raw);
      assert.equal(r.ok, false, raw);
      assert.match(!r.ok ? r.error : '', new RegExp(`must be a JSON object, got ${kind}`));
    }
  });

  it('refuses oversized argument text before parsing, and truncates the echo of bad text', () => {
    const huge = parseArguments(`{"content":"${'x'.repeat(MAX_ARGUMENT_CHARS)}"}`);
    assert.equal(huge.ok, false);
    assert.match(!huge.ok ? huge.error : '', /too large/);
    const long = parseArguments(`{"content":"${'y'.repeat(5000)}`);
    assert.equal(long.ok, false);
    assert.ok(!long.ok && long.error.length < 500, 'the raw text is cut in the error');
  });
});

describe('tools: schema validation (T2)', () => {
  it('accepts well-formed arguments for every tool', () => {
    const good: Record<string, unknown> = {
      get_editor_context: {},
      read_file: { path: 'src/app.ts', startLine: 1, endLine: 10 },
      list_files: { glob: 'src/**/*.ts' },
      search_workspace: { query: 'greet', isRegex: false, glob: '**/*.ts' },
      search_codebase: { query: 'where invoices are totalled', limit: 5 },
      get_diagnostics: {},
      open_file: { path: 'src/app.ts', line: 3 },
      insert_text: { text: 'x', path: 'a.ts', line: 1, character: 1 },
      replace_selection: { text: '' },
      edit_file: { path: 'a.ts', oldText: 'a', newText: 'b' },
      create_file: { path: 'b.ts', content: '' },
      get_terminal_output: {},
      run_command: { command: 'npm test -- --grep "a b"', cwd: 'packages/app', timeoutSeconds: 60 },
      generate_image: { prompt: 'a cat', path: 'img/cat.png', width: 512, height: 512, format: 'png', seed: -5, aspectRatio: '16:9' },
      generate_video: { prompt: 'a gondola', model: 'wan-2-7-text-to-video', duration: '5s', resolution: '720p', aspectRatio: '16:9', image: 'img/cat.png' },
      generate_music: { prompt: 'calm piano', model: 'elevenlabs-music', durationSeconds: 30 },
      transcribe_audio: { path: 'media/talk.mp3', format: 'srt' },
      remove_background: { path: 'img/cat.jpg' },
    };
    for (const name of ALL_TOOL_NAMES) assert.deepEqual(check(name, good[name]), { ok: true }, name);
  });

  it('rejects a wrong type: {"path": 42}', () => {
    rejects('read_file', { path: 42 }, /"path" must be string/);
    rejects('search_workspace', { query: 'x', isRegex: 'yes' }, /"isRegex" must be boolean/);
    rejects('read_file', { path: 'a.ts', startLine: 1.5 }, /"startLine" must be integer/);
  });

  it('rejects a missing required property, naming it', () => {
    rejects('read_file', {}, /missing required property "path"/);
    rejects('edit_file', { path: 'a.ts', oldText: 'x' }, /missing required property "newText"/);
    rejects('create_file', { content: 'x' }, /missing required property "path"/);
    rejects('generate_image', {}, /missing required property "prompt"/);
  });

  it('rejects extra properties such as "mode":"0777", listing the allowed ones', () => {
    rejects('create_file', { path: 'a.sh', content: '#!/bin/sh', mode: '0777' }, /unknown property "mode" \(allowed: path, content\)/);
    rejects('get_editor_context', { anything: 1 }, /unknown property "anything" \(allowed: none\)/);
  });

  it('rejects __proto__ and constructor keys as unknown properties (no prototype tricks)', () => {
    rejects('read_file', '{"path":"a.ts","__proto__":{"admin":true}}', /unknown property "__proto__"/);
    rejects('read_file', { path: 'a.ts', constructor: 'x' }, /unknown property "constructor"/);
    assert.equal(({} as Record<string, unknown>).admin, undefined);
  });

  it('rejects content over 1 MB (and a 5 MB string)', () => {
    rejects('create_file', { path: 'a.txt', content: 'x'.repeat(LIMITS.maxTextChars + 1) }, /"content" is too long \(at most 1000000 characters\)/);
    rejects('create_file', { path: 'a.txt', content: 'x'.repeat(5 * 1024 * 1024) }, /too large|too long/);
    rejects('insert_text', { text: 'x'.repeat(LIMITS.maxTextChars + 1) }, /"text" is too long/);
    rejects('edit_file', { path: 'a', oldText: 'a', newText: 'x'.repeat(LIMITS.maxTextChars + 1) }, /"newText" is too long/);
  });

  it('rejects negative, zero and absurd line numbers', () => {
    rejects('read_file', { path: 'a.ts', startLine: -1 }, /"startLine" must be >= 1/);
    rejects('open_file', { path: 'a.ts', line: 0 }, /"line" must be >= 1/);
    rejects('insert_text', { text: 'x', path: 'a.ts', line: -1 }, /"line" must be >= 1/);
    rejects('read_file', { path: 'a.ts', endLine: 1e12 }, /"endLine" must be <=/);
  });

  it('rejects empty or over-long paths, empty oldText and empty queries', () => {
    rejects('read_file', { path: '' }, /"path" must not be empty/);
    rejects('read_file', { path: 'a'.repeat(LIMITS.maxPathChars + 1) }, /"path" is too long/);
    rejects('edit_file', { path: 'a.ts', oldText: '', newText: 'x' }, /"oldText" must not be empty/);
    rejects('search_workspace', { query: '' }, /"query" must not be empty/);
  });

  it('rejects out-of-range image options and a model id with odd characters', () => {
    rejects('generate_image', { prompt: 'x', width: 5000 }, /"width" must be <= 1280/);
    rejects('generate_image', { prompt: 'x', format: 'svg' }, /"format" must be one of webp, png, jpeg/);
    rejects('generate_image', { prompt: 'x', model: '../../evil' }, /"model" must match pattern/);
    rejects('generate_image', { prompt: 'x'.repeat(LIMITS.maxPromptChars + 1) }, /"prompt" is too long/);
  });

  it('reports several problems at once', () => {
    const r = check('edit_file', { path: 7, oldText: 1, extra: true });
    assert.equal(r.ok, false);
    assert.match(r.error ?? '', /unknown property "extra"/);
    assert.match(r.error ?? '', /missing required property "newText"/);
    assert.match(r.error ?? '', /"path" must be string/);
  });
});

describe('tools: specs', () => {
  it('every tool name has exactly one spec with a closed object schema', () => {
    assert.deepEqual(
      TOOL_SPECS.map((s) => s.name),
      [...ALL_TOOL_NAMES],
    );
    for (const s of TOOL_SPECS) {
      assert.equal(s.parameters.type, 'object');
      assert.equal(s.parameters.additionalProperties, false, s.name);
      assert.ok(s.description.length > 20, s.name);
      assert.equal(s.changes, (CHANGING_TOOL_NAMES as readonly string[]).includes(s.name), s.name);
    }
  });

  it('the auto-approve setting offers exactly the changing tools', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { items?: { enum?: string[] } }> } };
    };
    const allowed = pkg.contributes.configuration.properties['venice.tools.autoApprove'].items?.enum;
    assert.deepEqual([...(allowed ?? [])].sort(), [...CHANGING_TOOL_NAMES].sort());
  });
});

describe('tools: precompiled argument validators', () => {
  it('the checked-in validators were generated from the current schemas (run `npm run build` if not)', async function () {
    this.timeout(30_000);
    assert.equal(readFileSync(GENERATED_FILE, 'utf8'), await toolValidatorsSource());
  });

  it('refuses a spec whose schema differs from the compiled one instead of checking a stale schema', () => {
    const changed: ToolSpec = { ...toolSpec('read_file'), parameters: { type: 'object', properties: {}, additionalProperties: false } };
    assert.throws(() => new ArgumentValidator([changed]), /read_file is missing or stale/);
  });
});
