// Issue 18 item 8: the settings a workspace may not set in Restricted Mode are the same in
// package.json (what VS Code filters and shows) and in src/ids.ts (what src/config.ts reads from the
// user and default levels only while the workspace is untrusted).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RESTRICTED_SETTINGS, SETTINGS, settingId } from '../../src/ids';

const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
};
const declared = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;

describe('Restricted Mode settings (issue 18 item 8)', () => {
  it('every setting that steers the model or the bill is restricted', () => {
    const mustBe = ['chat.systemPrompt', 'chat.character', 'chat.model', 'chat.webSearch', 'chat.includeVeniceSystemPrompt', 'chat.maxCompletionTokens', 'tools.maxRounds', 'image.safeMode', 'speech.voice', 'speech.model', 'apiBaseUrl', 'tools.autoApprove'];
    for (const key of mustBe) {
      assert.ok(declared.includes(`venice.${key}`), `package.json restricts venice.${key}`);
      assert.ok((RESTRICTED_SETTINGS as readonly string[]).includes(key), `src/ids.ts RESTRICTED_SETTINGS has ${key}`);
    }
  });

  it('package.json and RESTRICTED_SETTINGS list the same settings of this extension', () => {
    const known = new Set<string>(Object.values(SETTINGS).map((k) => settingId(k)));
    assert.deepEqual(declared.filter((id) => known.has(id)).sort(), RESTRICTED_SETTINGS.map((k) => settingId(k)).sort());
  });
});
