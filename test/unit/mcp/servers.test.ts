// The MCP client against real test servers built with the official SDK: a stdio child process and
// a streamable-HTTP server on loopback.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { HttpServerConfig } from '../../../src/mcp/config';
import { BIG_LIMITS, FIXTURES, stdioServer, testManager, until, type TestManager } from './fixtures';

const never = new AbortController().signal;

describe('mcp: the client against real servers', function () {
  this.timeout(20_000);
  let t: TestManager | undefined;
  afterEach(async () => {
    await t?.manager.dispose();
    t = undefined;
  });

  it('starts a stdio server only when asked, lists its tools, refuses the unsupported schema and calls a tool', async () => {
    t = testManager([stdioServer('test')]);
    assert.equal(t.manager.statuses()[0].state, 'idle', 'configuring starts nothing');
    await t.manager.prepare(never);
    const status = t.manager.statuses()[0];
    assert.equal(status.state, 'running');
    const conditional = status.tools.find((x) => x.name === 'conditional');
    assert.match(conditional?.refused ?? '', /unsupported keyword "if"/);
    const offer = t.manager.offer(BIG_LIMITS);
    const names = offer.tools.map((x) => x.apiName);
    assert.ok(names.includes('mcp_test_echo'));
    assert.ok(names.includes('mcp_test_dotted_name_with_spaces'));
    assert.ok(!names.includes('mcp_test_conditional'), 'a refused schema is not offered');
    const add = offer.tools.find((x) => x.apiName === 'mcp_test_add');
    assert.deepEqual(add?.parameters.required, ['a', 'b']);
    assert.equal(add?.parameters.$schema, undefined, '$schema is not sent to Venice');
    assert.match(add?.check({ a: 1 }) ?? '', /lack the required property "b"/);
    assert.equal(add?.check({ a: 1, b: 2 }), undefined);
    const result = await t.manager.call('test', 'echo', { text: 'hi' }, never, 5000);
    assert.deepEqual(result, { content: [{ type: 'text', text: 'echo: hi' }] });
    assert.ok(t.logs.some((l) => /stderr: venice test server ready/.test(l)), 'the server\'s stderr reaches the log');
    assert.ok(t.logs.some((l) => /test warn tool "conditional" is not offered to the model: it uses the unsupported keyword "if"/.test(l)), 'a refused schema is reported in the log');
  });

  it('never hands the server the Venice key: its environment has no VENICE_API_KEY', async () => {
    process.env.VENICE_API_KEY = 'vk-test-not-for-servers';
    try {
      t = testManager([stdioServer('envs', { EXTRA: 'yes' })]);
      await t.manager.prepare(never);
      const result = (await t.manager.call('envs', 'env', {}, never, 5000)) as { content: Array<{ text: string }> };
      const names = result.content[0].text.split('\n');
      assert.ok(names.includes('EXTRA'));
      assert.ok(names.includes('PATH'));
      assert.ok(!names.includes('VENICE_API_KEY'));
    } finally {
      delete process.env.VENICE_API_KEY;
    }
  });

  it('times out a hanging call, and Stop cancels one at once; the server keeps running', async () => {
    t = testManager([stdioServer('slow')]);
    await t.manager.prepare(never);
    const started = Date.now();
    await assert.rejects(t.manager.call('slow', 'hang', {}, never, 300), /did not answer within 0 s|did not answer within/);
    assert.ok(Date.now() - started < 3000);
    const stop = new AbortController();
    const call = t.manager.call('slow', 'hang', {}, stop.signal, 60_000);
    setTimeout(() => stop.abort(), 100);
    await assert.rejects(call, /cancelled/);
    assert.deepEqual(await t.manager.call('slow', 'echo', { text: 'still here' }, never, 5000), { content: [{ type: 'text', text: 'echo: still here' }] });
  });

  it('restarts a crashed server with backoff, and gives up after repeated start failures', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mcp-starts-'));
    try {
      const starts = path.join(dir, 'starts');
      t = testManager([stdioServer('crashy', { MCP_FIXTURE_STARTS: starts })]);
      await t.manager.prepare(never);
      await assert.rejects(t.manager.call('crashy', 'crash', {}, never, 5000), /Connection closed|closed/i);
      await until(() => t?.manager.statuses()[0].state === 'restarting' || t?.manager.statuses()[0].state === 'running');
      await until(() => t?.manager.statuses()[0].state === 'running');
      assert.equal(readFileSync(starts, 'utf8'), 'start\nstart\n');
      assert.match(t.manager.statuses()[0].lastError ?? '', /exited/);
      assert.deepEqual(await t.manager.call('crashy', 'add', { a: 2, b: 3 }, never, 5000), { content: [{ type: 'text', text: '5' }] });
      await t.manager.dispose();

      t = testManager([stdioServer('broken', { MCP_FIXTURE_EXIT_AT_START: '1' })]);
      await t.manager.prepare(never);
      await until(() => t?.manager.statuses()[0].state === 'failed');
      const status = t.manager.statuses()[0];
      assert.match(status.stateText, /stopped after 3 failures in a row/);
      assert.equal(t.manager.offer(BIG_LIMITS).tools.length, 0);
      assert.match(t.manager.offer(BIG_LIMITS).notes[0], /"broken" is not available/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('offers a chosen subset of a server that lists 200 tools, fairly beside another server, with a note', async () => {
    t = testManager([stdioServer('big', { MCP_FIXTURE_MANY: '200' }), stdioServer('small')]);
    await t.manager.prepare(never);
    const offer = t.manager.offer({ maxTools: 118, maxChars: 60_000 });
    assert.ok(offer.tools.length <= 118);
    const small = offer.tools.filter((x) => x.server === 'small');
    assert.equal(small.length, 9, 'the small server keeps all its usable tools');
    const big = offer.tools.filter((x) => x.server === 'big');
    assert.equal(big.length, offer.tools.length - 9);
    assert.match(offer.notes.join('\n'), /"big" lists 209 usable tools; \d+ are offered/);
    assert.match(big[big.length - 1].description, /more tools of the MCP server "big" are not offered/);
    const tight = t.manager.offer({ maxTools: 118, maxChars: 3000 });
    assert.ok(JSON.stringify(tight.tools.map((x) => [x.apiName, x.description, x.parameters])).length <= 3000);
  });

  it('a server whose entry holds the key, or that the user has not trusted, is not started', async () => {
    t = testManager([stdioServer('refused')], { mayStart: async () => 'its "env" holds the Venice API key' });
    await t.manager.prepare(never);
    assert.equal(t.manager.statuses()[0].state, 'failed');
    assert.match(t.manager.statuses()[0].lastError ?? '', /holds the Venice API key/);
  });

  describe('streamable HTTP on loopback', () => {
    let http: { url: string; seenHeaders: Array<Record<string, unknown>>; close(): Promise<void> };
    before(async () => {
      const mod = (await import(path.join(FIXTURES, 'httpServer.mjs'))) as { startHttpServer(o: object): Promise<typeof http> };
      http = await mod.startHttpServer({ requireHeader: ['X-Api-Token', 'secret-token'] });
    });
    after(() => http.close());

    const server = (headers: Record<string, string>): HttpServerConfig => ({ kind: 'http', name: 'web', source: 'user', url: http.url, headers });

    it('connects with the configured headers, lists and calls tools, caps a huge result', async () => {
      t = testManager([server({ 'X-Api-Token': 'secret-token' })]);
      await t.manager.prepare(never);
      assert.equal(t.manager.statuses()[0].state, 'running');
      assert.ok(t.manager.offer(BIG_LIMITS).tools.some((x) => x.apiName === 'mcp_web_echo'));
      assert.deepEqual(await t.manager.call('web', 'echo', { text: 'over http' }, never, 5000), { content: [{ type: 'text', text: 'echo: over http' }] });
      const { convertResult } = await import('../../../src/mcp/results');
      const huge = convertResult(await t.manager.call('web', 'huge', { chars: 300_000 }, never, 10_000));
      assert.equal(huge.cutChars, 300_000 - 40_000);
      assert.equal(http.seenHeaders.at(-1)?.['x-api-token'], 'secret-token');
    });

    it('a refused connection leaves the server failed with the reason, and the chat gets a note', async () => {
      t = testManager([server({})]);
      await t.manager.prepare(never);
      await until(() => t?.manager.statuses()[0].state === 'failed');
      assert.match(t.manager.statuses()[0].lastError ?? '', /401|unauthorized|start failed/i);
    });
  });
});
