import * as assert from 'node:assert/strict';
import { ApprovalBroker } from '../../../src/llm/approvals';

interface Ask {
  title: string;
}

/** Lets pending promise callbacks run. */
const settled = () => new Promise((r) => setImmediate(r));

function track(p: Promise<boolean>): { value: boolean | undefined } {
  const out: { value: boolean | undefined } = { value: undefined };
  void p.then((v) => (out.value = v));
  return out;
}

describe('approval broker', () => {
  let n = 0;
  const ids = () => `ap${++n}`;

  it('shows the pending approval for its tool call and settles it once, by approval id', async () => {
    const broker = new ApprovalBroker<Ask>(ids);
    const signal = new AbortController().signal;
    const answer = track(broker.request('call-1', { title: 'Edit a.ts' }, signal));
    const pending = broker.pendingFor('call-1');
    assert.ok(pending);
    assert.equal(pending.toolCallId, 'call-1');
    assert.equal(pending.request.title, 'Edit a.ts');
    assert.equal(broker.get(pending.approvalId)?.toolCallId, 'call-1');
    assert.equal(broker.pendingFor('call-2'), undefined);

    assert.equal(broker.settle('not-an-approval', true), false, 'an unknown id settles nothing');
    assert.equal(broker.settle('call-1', true), false, 'a tool call id is not an approval id');
    await settled();
    assert.equal(answer.value, undefined);

    assert.equal(broker.settle(pending.approvalId, true), true);
    assert.equal(broker.settle(pending.approvalId, false), false, 'a second decision is ignored');
    await settled();
    assert.equal(answer.value, true);
    assert.equal(broker.pendingFor('call-1'), undefined);
    assert.equal(broker.size, 0);
  });

  it('a rejection resolves false', async () => {
    const broker = new ApprovalBroker<Ask>(ids);
    const answer = broker.request('c', { title: 't' }, new AbortController().signal);
    broker.settle(broker.pendingFor('c')?.approvalId ?? '', false);
    assert.equal(await answer, false);
  });

  it('an abort (Stop) settles false and forgets the card; an already aborted signal never shows one', async () => {
    const broker = new ApprovalBroker<Ask>(ids);
    const stop = new AbortController();
    const answer = broker.request('c1', { title: 't' }, stop.signal);
    const id = broker.pendingFor('c1')?.approvalId ?? '';
    stop.abort();
    assert.equal(await answer, false);
    assert.equal(broker.get(id), undefined);
    assert.equal(broker.settle(id, true), false, 'too late to approve');

    assert.equal(await broker.request('c2', { title: 't' }, stop.signal), false);
    assert.equal(broker.pendingFor('c2'), undefined);
    assert.equal(broker.size, 0);
  });

  it('cancelAll() settles everything still waiting with false', async () => {
    const broker = new ApprovalBroker<Ask>(ids);
    const signal = new AbortController().signal;
    const a = broker.request('c1', { title: 'one' }, signal);
    const b = broker.request('c2', { title: 'two' }, signal);
    assert.equal(broker.size, 2);
    broker.cancelAll();
    assert.deepEqual(await Promise.all([a, b]), [false, false]);
    assert.equal(broker.size, 0);
  });

  it('a second request for the same tool call replaces the first (which settles false)', async () => {
    const broker = new ApprovalBroker<Ask>(ids);
    const signal = new AbortController().signal;
    const first = broker.request('c', { title: 'first' }, signal);
    const firstId = broker.pendingFor('c')?.approvalId;
    const second = track(broker.request('c', { title: 'second' }, signal));
    assert.equal(await first, false);
    const now = broker.pendingFor('c');
    assert.equal(now?.request.title, 'second');
    assert.notEqual(now?.approvalId, firstId);
    assert.equal(broker.settle(firstId ?? '', true), false);
    broker.settle(now?.approvalId ?? '', true);
    await settled();
    assert.equal(second.value, true);
  });

  it('makes approval ids the protocol accepts by default', async () => {
    const broker = new ApprovalBroker<Ask>();
    const signal = new AbortController().signal;
    void broker.request('c', { title: 't' }, signal);
    assert.match(broker.pendingFor('c')?.approvalId ?? '', /^[A-Za-z0-9_-]{1,64}$/);
    broker.cancelAll();
  });
});
