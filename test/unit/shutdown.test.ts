import * as assert from 'node:assert/strict';
import { ShutdownTasks } from '../../src/shutdown';

describe('shutdown: what deactivate() waits for', () => {
  it('runs every task once, newest first, waiting for each', async () => {
    const done: string[] = [];
    const tasks = new ShutdownTasks();
    tasks.add('first', () => void done.push('first'));
    tasks.add('pool', async () => {
      await new Promise((r) => setTimeout(r, 5));
      done.push('pool closed');
    });
    await tasks.runAll();
    assert.deepEqual(done, ['pool closed', 'first']);
    await tasks.runAll();
    assert.deepEqual(done, ['pool closed', 'first'], 'a second deactivate runs nothing again');
  });

  it('keeps going after a failing task and reports it', async () => {
    const done: string[] = [];
    const logged: string[] = [];
    const tasks = new ShutdownTasks();
    tasks.add('client', () => void done.push('client'));
    tasks.add('broken', () => Promise.reject(new Error('socket gone')));
    await tasks.runAll((m) => logged.push(m));
    assert.deepEqual(done, ['client']);
    assert.deepEqual(logged, ['Shutting down broken failed: socket gone']);
  });
});
