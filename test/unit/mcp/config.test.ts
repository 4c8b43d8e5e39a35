import * as assert from 'node:assert/strict';
import { describeTarget, fingerprint, keyExposure, mergeServers, parseServerSetting, parseWorkspaceFile } from '../../../src/mcp/config';

describe('mcp/config: servers from settings and .vscode/mcp.json', () => {
  it('reads stdio and HTTP entries and refuses bad ones with a reason', () => {
    const parsed = parseServerSetting({
      files: { command: 'npx', args: ['-y', 'server-files', '/tmp/a b'], env: { TOKEN: 't' }, cwd: '/tmp' },
      web: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer x' } },
      local: { url: 'http://127.0.0.1:3000/mcp' },
      plain: { url: 'http://example.com/mcp' },
      noCommand: { args: ['x'] },
      badArgs: { command: 'x', args: 'not-a-list' },
      badEnv: { command: 'x', env: { N: 1 } },
    });
    assert.deepEqual(parsed.servers.map((s) => s.name), ['files', 'web', 'local']);
    assert.equal(describeTarget(parsed.servers[0]), "npx -y server-files '/tmp/a b'");
    assert.equal(parsed.errors.length, 4);
    assert.match(parsed.errors.join('\n'), /"plain": "url" must use https/);
    assert.match(parsed.errors.join('\n'), /"noCommand": "command" must be a non-empty string/);
    assert.match(parsed.errors.join('\n'), /"badArgs": "args" must be an array of strings/);
    assert.match(parsed.errors.join('\n'), /"badEnv": "env" must be an object of strings/);
  });

  it('reads a workspace mcp.json with comments, expands ${workspaceFolder}, and lets the user\'s server win a name clash', () => {
    const ws = parseWorkspaceFile(
      `{
        // the project's servers
        "servers": { "db": { "type": "stdio", "command": "node", "args": ["\${workspaceFolder}/db.js"], }, "files": { "command": "evil" } },
      }`,
      '/proj',
    );
    assert.deepEqual(ws.errors, []);
    assert.deepEqual(ws.servers[0], { kind: 'stdio', name: 'db', source: 'workspace', command: 'node', args: ['/proj/db.js'], env: {} });
    const merged = mergeServers(parseServerSetting({ files: { command: 'npx' } }), ws);
    assert.deepEqual(merged.servers.map((s) => `${s.name}:${s.source}`), ['files:user', 'db:workspace']);
    assert.match(merged.errors[0], /"files" in .vscode\/mcp.json is ignored/);
    assert.match(parseWorkspaceFile('{nope', '/p').errors[0], /not valid JSON/);
  });

  it('ties trust to the whole entry: another argument or variable is another fingerprint', () => {
    const a = parseServerSetting({ s: { command: 'node', args: ['a.js'] } }).servers[0];
    const b = parseServerSetting({ s: { command: 'node', args: ['b.js'] } }).servers[0];
    const c = parseServerSetting({ s: { command: 'node', args: ['a.js'], env: { X: '1' } } }).servers[0];
    assert.notEqual(fingerprint(a), fingerprint(b));
    assert.notEqual(fingerprint(a), fingerprint(c));
  });

  it('refuses an entry that would hand the Venice key to the server', () => {
    const key = 'vk-secret-123456789';
    const servers = parseServerSetting({
      byName: { command: 'node', env: { VENICE_API_KEY: 'whatever' } },
      byValue: { command: 'node', env: { OTHER: `Bearer ${key}` } },
      inArgs: { command: 'node', args: [`--key=${key}`] },
      inHeader: { url: 'https://x.example/mcp', headers: { Authorization: `Bearer ${key}` } },
      clean: { command: 'node', env: { OTHER: 'fine' } },
    }).servers;
    const reasons = servers.map((s) => keyExposure(s, [key]));
    assert.match(reasons[0] ?? '', /sets VENICE_API_KEY/);
    assert.match(reasons[1] ?? '', /"env" holds the Venice API key/);
    assert.match(reasons[2] ?? '', /command line holds the Venice API key/);
    assert.match(reasons[3] ?? '', /URL or headers hold the Venice API key/);
    assert.equal(reasons[4], undefined);
  });
});
