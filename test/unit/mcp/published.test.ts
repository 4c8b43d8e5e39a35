import * as assert from 'node:assert/strict';
import { mergeServers, parseServerSetting, parseWorkspaceFile } from '../../../src/mcp/config';
import { KEY_ENV_VARIABLE, publishedServers } from '../../../src/mcp/published';

const KEY = 'vk_live_secret_0123456789';

function servers() {
  const user = parseServerSetting({
    files: { command: 'npx', args: ['-y', 'server-files'], env: { TOKEN: 't' }, cwd: '/tmp/files' },
    web: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer x' } },
  });
  const workspace = parseWorkspaceFile('{"servers": {"db": {"command": "node", "args": ["${workspaceFolder}/db.js"]}}}', '/proj');
  return mergeServers(user, workspace).servers;
}

describe('mcp/published: the user\'s MCP servers as VS Code server definitions', () => {
  it('publishes a stdio entry with its command, arguments, folder and variables, and removes the Venice key variable', () => {
    const { servers: out } = publishedServers({ servers: servers(), trusted: true, secrets: [KEY] });
    const files = out.find((s) => s.label === 'Venice: files');
    assert.ok(files && files.kind === 'stdio');
    assert.equal(files.command, 'npx');
    assert.deepEqual(files.args, ['-y', 'server-files']);
    assert.equal(files.cwd, '/tmp/files');
    // VS Code starts the process with the editor's environment under these: null removes a variable.
    assert.deepEqual(files.env, { TOKEN: 't', [KEY_ENV_VARIABLE]: null });
    assert.match(files.version, /^[0-9a-f]{12}$/);
  });

  it('publishes an HTTP entry with its URL and headers', () => {
    const { servers: out } = publishedServers({ servers: servers(), trusted: true, secrets: [KEY] });
    assert.deepEqual(out.find((s) => s.label === 'Venice: web'), { kind: 'http', label: 'Venice: web', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer x' }, version: out.find((s) => s.label === 'Venice: web')?.version });
  });

  it('never publishes a workspace .vscode/mcp.json server (its trust is Venice\'s own, per server)', () => {
    const all = servers();
    assert.ok(all.some((s) => s.name === 'db' && s.source === 'workspace'), 'the fixture has a workspace server');
    const { servers: out } = publishedServers({ servers: all, trusted: true, secrets: [] });
    assert.deepEqual(out.map((s) => s.label), ['Venice: files', 'Venice: web']);
  });

  it('publishes nothing in Restricted Mode', () => {
    assert.deepEqual(publishedServers({ servers: servers(), trusted: false, secrets: [] }), { servers: [], skipped: [] });
  });

  it('leaves out an entry that would hand the server the Venice key, and says why', () => {
    const user = parseServerSetting({
      leaky: { command: 'node', args: ['server.js', `--token=${KEY}`] },
      named: { command: 'node', env: { venice_api_key: 'anything-at-all' } },
      header: { url: 'https://mcp.example.com/mcp', headers: { Authorization: `Bearer ${KEY}` } },
      fine: { command: 'node', args: ['ok.js'] },
    });
    const { servers: out, skipped } = publishedServers({ servers: user.servers, trusted: true, secrets: [KEY] });
    assert.deepEqual(out.map((s) => s.label), ['Venice: fine']);
    assert.equal(skipped.length, 3);
    assert.match(skipped.join('\n'), /"leaky" is not published to VS Code: its command line holds the Venice API key/);
    assert.ok(!skipped.join('\n').includes(KEY), 'the reason never repeats the key');
  });

  it('gives a changed entry a new version, so VS Code offers to refresh its tools', () => {
    const a = publishedServers({ servers: parseServerSetting({ s: { command: 'node', args: ['a.js'] } }).servers, trusted: true, secrets: [] }).servers[0];
    const b = publishedServers({ servers: parseServerSetting({ s: { command: 'node', args: ['b.js'] } }).servers, trusted: true, secrets: [] }).servers[0];
    assert.notEqual(a.version, b.version);
  });
});
