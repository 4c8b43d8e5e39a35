// The typed ids in src/ids.ts must be exactly what package.json contributes: a command or setting
// added on one side only is a bug (a command that is never registered, or code naming a setting
// VS Code does not know), so both directions are checked.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, SETTINGS, settingId, VIEWS } from '../../src/ids';

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    configuration: { properties: Record<string, unknown> } | Array<{ properties: Record<string, unknown> }>;
    views: Record<string, Array<{ id: string }>>;
    viewsContainers: { activitybar: Array<{ id: string }> };
  };
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
const sorted = (values: Iterable<string>): string[] => [...values].sort();

describe('ids: typed constants match package.json', () => {
  it('COMMANDS is exactly contributes.commands', () => {
    const declared = manifest.contributes.commands.map((c) => c.command);
    assert.equal(new Set(declared).size, declared.length, 'no command is contributed twice');
    assert.deepEqual(sorted(Object.values(COMMANDS)), sorted(declared));
  });

  it('SETTINGS is exactly the contributes.configuration properties', () => {
    const sections = [manifest.contributes.configuration].flat();
    const declared = sections.flatMap((s) => Object.keys(s.properties));
    const ours = Object.values(SETTINGS).map(settingId);
    assert.equal(new Set(ours).size, ours.length, 'no setting key is named twice');
    assert.deepEqual(sorted(ours), sorted(declared));
  });

  it('VIEWS names the contributed container and views', () => {
    assert.deepEqual(
      manifest.contributes.viewsContainers.activitybar.map((c) => c.id),
      [VIEWS.container],
    );
    const views = Object.entries(manifest.contributes.views).flatMap(([container, list]) => list.map((v) => `${container}/${v.id}`));
    assert.deepEqual(sorted(views), sorted([`${VIEWS.container}/${VIEWS.chat}`, `${VIEWS.container}/${VIEWS.player}`, `${VIEWS.container}/${VIEWS.assets}`]));
  });
});
