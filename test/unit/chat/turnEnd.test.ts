// The end of an answer: its last text and its finished state reach the view before the chat is
// written to disk (the save is bookkeeping, off the user's time), a failure while showing it still
// saves, and a message sent while that save runs waits for it instead of being lost or queued.
import * as assert from 'node:assert/strict';
import { ChatController } from '../../../src/chat/controller';
import { ConversationStore } from '../../../src/chat/store';
import type { ToWebview } from '../../../src/shared/protocol';
import { FakeApi, FakeEnv, FakeTools, MemoryFs, RecordingView, textEvents, textModel, until } from './fakes';

const LAST = 'ZQX-the-last-words';

/** Notes each post in a log shared with the file system. */
class LoggingView extends RecordingView {
  throwOnFinished = false;
  constructor(private readonly log: string[]) {
    super();
  }
  override post(m: ToWebview): void {
    // The last patch of an answer carries the digest of its text.
    if (m.type === 'answerUpdated' && m.digest !== undefined && this.throwOnFinished) {
      this.throwOnFinished = false;
      throw new Error('the view went away');
    }
    super.post(m);
    if (m.type === 'delta') this.log.push(`delta ${m.text}`);
    else if (m.type === 'answerUpdated') this.log.push(m.digest === undefined ? `answer ${m.message.state}` : `answer final ${m.message.state}`);
    else if (m.type === 'busy') this.log.push(`busy ${m.busy ? 'yes' : 'no'}`);
    else this.log.push(m.type);
  }
}

/** Notes each finished chat write (the rename of an atomic write) whose content has the answer's last words. */
class LoggingFs extends MemoryFs {
  /** While set, writing the finished answer waits for it. */
  gate: Promise<void> | undefined;
  constructor(private readonly log: string[]) {
    super();
  }
  override async writeFile(path: string, data: string): Promise<void> {
    if (this.gate && data.includes(LAST) && data.includes('"state":"done"')) await this.gate;
    return super.writeFile(path, data);
  }
  override async rename(from: string, to: string): Promise<void> {
    await super.rename(from, to);
    const data = this.files.get(to) ?? '';
    if (data.includes(LAST)) this.log.push(`saved ${JSON.parse(data).entries?.at(-1)?.state ?? 'index'}`);
  }
}

describe('chat: the end of an answer', () => {
  let log: string[];
  let api: FakeApi;
  let env: FakeEnv;
  let fs: LoggingFs;
  let view: LoggingView;
  let controller: ChatController;

  beforeEach(() => {
    log = [];
    api = new FakeApi();
    api.models = [textModel('model-a', { availableContextTokens: 100_000 })];
    env = new FakeEnv();
    fs = new LoggingFs(log);
    view = new LoggingView(log);
    const store = new ConversationStore('/chats', fs, { warn: (m) => env.warnings.push(m) });
    // A long batching interval: the last text is still held when the stream ends.
    controller = new ChatController(api.asApi(), new FakeTools(), store, env, view, { batchMs: 10_000 });
  });
  afterEach(() => controller.dispose());

  const stored = async () => {
    const state = await controller.getStateAfterLoad();
    const answer = state.messages.at(-1);
    assert.ok(answer?.role === 'assistant');
    return answer;
  };

  it('posts the last text, then the finished answer, and only then writes the chat', async () => {
    api.scripts.push({ events: textEvents('Hello, ', 'here are ', LAST) });
    await controller.send('Say hello', []);
    await controller.idle();

    const lastText = log.findIndex((l) => l.startsWith('delta') && l.includes(LAST));
    const finished = log.indexOf('answer final done');
    const saved = log.indexOf('saved done');
    assert.ok(lastText >= 0 && finished >= 0 && saved >= 0, log.join('\n'));
    assert.ok(lastText < finished, 'the last text goes before the finished state');
    assert.ok(finished < saved, `the finished answer is shown before the chat is written:\n${log.join('\n')}`);
    assert.ok(log.indexOf('busy no') < saved, 'the input takes the next question before the write');
    assert.equal((await stored()).rounds[0].text, `Hello, here are ${LAST}`);
  });

  it('still saves the answer when showing it as finished fails, and logs why', async () => {
    view.throwOnFinished = true;
    api.scripts.push({ events: textEvents('Hello, ', LAST) });
    await controller.send('Say hello', []);
    await controller.idle();

    assert.ok(log.includes('saved done'), log.join('\n'));
    const answer = await stored();
    assert.equal(answer.state, 'done');
    assert.equal(answer.rounds[0].text, `Hello, ${LAST}`);
    assert.ok(env.logs.some((l) => l.startsWith('error Showing the finished answer failed')), env.logs.join('\n'));

    // The chat goes on: the next question is answered and saved too.
    api.scripts.push({ events: textEvents('Again ', LAST) });
    await controller.send('Once more', []);
    await controller.idle();
    assert.equal((await controller.getStateAfterLoad()).messages.length, 4);
    assert.equal((await stored()).state, 'done');
  });

  it('a message sent while the finished answer is being written waits for the write, then goes out', async () => {
    let open = () => undefined as void;
    fs.gate = new Promise<void>((resolve) => (open = resolve));
    api.scripts.push({ events: textEvents('First ', LAST) }, { events: textEvents('Second answer') });
    await controller.send('First question', []);
    await until(() => log.includes('answer final done'));
    assert.ok(!log.includes('saved done'), 'the write is still held');

    const sending = controller.send('Second question', []);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(api.requests.length, 1, 'the next answer waits for the write');
    assert.equal(view.of('queue').length, 0, 'not queued: the input was free');

    open();
    await sending;
    await controller.idle();
    assert.equal(api.requests.length, 2);
    assert.ok(log.indexOf('saved done') < log.lastIndexOf('answer final done'), 'the first answer was written before the second ended');
    const state = await controller.getStateAfterLoad();
    assert.deepEqual(
      state.messages.map((m) => m.role),
      ['user', 'assistant', 'user', 'assistant'],
    );
  });
});
