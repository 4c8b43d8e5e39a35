// Test-only extension installed beside the product in the harness's VS Code. It opens a loopback
// HTTP endpoint (port and token from the environment) so the test driver can run code in the
// extension host (`/run`) and run mocha suites there (`/mocha`). Never shipped.
'use strict';
const vscode = require('vscode');
const http = require('node:http');
const path = require('node:path');

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function runMocha(files, grep) {
  const repo = process.env.VENICE_TEST_REPO;
  const Mocha = require(path.join(repo, 'node_modules', 'mocha'));
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false, reporter: 'spec' });
  if (grep) mocha.grep(grep);
  for (const f of files) {
    delete require.cache[require.resolve(f)];
    mocha.addFile(f);
  }
  const results = [];
  const lines = [];
  const origLog = console.log;
  await new Promise((resolve) => {
    const runner = mocha.run(() => resolve());
    const titleOf = (t) => t.titlePath().join(' › ');
    runner.on('pass', (t) => results.push({ title: titleOf(t), state: 'passed', duration: t.duration }));
    runner.on('fail', (t, err) => results.push({ title: titleOf(t), state: 'failed', error: String((err && err.stack) || err) }));
    runner.on('pending', (t) => results.push({ title: titleOf(t), state: 'pending' }));
  });
  console.log = origLog;
  return { results, lines };
}

function activate(context) {
  const port = Number(process.env.VENICE_TEST_BRIDGE_PORT || 0);
  const token = process.env.VENICE_TEST_BRIDGE_TOKEN || '';
  if (!port || !token) return;
  const server = http.createServer(async (req, res) => {
    const send = (status, obj) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(obj));
    };
    if (req.headers['x-bridge-token'] !== token) return send(403, { error: 'bad token' });
    try {
      const body = JSON.parse((await readBody(req)) || '{}');
      if (req.url === '/ping') return send(200, { ok: true, version: vscode.version, node: process.version });
      if (req.url === '/run') {
        const fn = new AsyncFunction('vscode', 'args', 'require', body.code);
        const value = await fn(vscode, body.args, require);
        return send(200, { ok: true, value: value === undefined ? null : value });
      }
      if (req.url === '/mocha') return send(200, { ok: true, value: await runMocha(body.files, body.grep) });
      send(404, { error: 'not found' });
    } catch (err) {
      send(200, { ok: false, error: String((err && err.stack) || err) });
    }
  });
  // After a window reload the old extension host may still hold the port for a while: retry (up to 2 min).
  let tries = 0;
  server.on('error', (err) => {
    if (err.code === 'EADDRINUSE' && tries++ < 600) setTimeout(() => server.listen(port, '127.0.0.1'), 200);
  });
  server.listen(port, '127.0.0.1');
  context.subscriptions.push({
    dispose: () => {
      // A host going away answers nothing more (its calls into VS Code would never settle) and lets go of the port.
      server.close();
      server.closeAllConnections();
    },
  });
}

module.exports = { activate, deactivate() {} };
