// Tool calls assembled from streamed fragments (OpenAI-style `delta.tool_calls[]`), as providers
// really send them: repeated indices, ids only on the first fragment, names repeated or in pieces,
// two calls at one index, and Gemini's thought signature on a call.
import { asRecord, type UnknownRecord } from '../util/guards';
import type { AssembledToolCall } from './types';

interface PendingCall {
  id: string;
  name: string;
  args: string;
  /** Gemini's signature for this call, when the provider puts it on the call (returned on the message). */
  signature?: string;
}

/**
 * Assembles streamed tool-call fragments. Venice may repeat an `index` for different calls, so an
 * unseen `id` always starts a new call; fragments without an id go to the call with the same
 * index, or to the latest call when the index is missing. A fragment without an id that brings a
 * `function.name` while the call at its index is already whole (a name, arguments that parse) is
 * the next call, not more of that one: merging would make "f"+"g" and `{…}{…}`.
 */
export class ToolCallAssembler {
  private readonly calls: PendingCall[] = [];
  private readonly byId = new Map<string, PendingCall>();
  private readonly byIndex = new Map<number, PendingCall>();
  private latest: PendingCall | undefined;
  /** Call whose name came again, alone, while it was whole: its next arguments start a new call. */
  private repeatedName: PendingCall | undefined;

  get size(): number {
    return this.calls.length;
  }

  add(fragment: UnknownRecord | undefined): void {
    if (!fragment) return;
    const id = typeof fragment.id === 'string' && fragment.id ? fragment.id : undefined;
    const index = typeof fragment.index === 'number' && Number.isInteger(fragment.index) ? fragment.index : undefined;
    const fn = asRecord(fragment.function);
    const name = typeof fn?.name === 'string' ? fn.name : '';
    const args = fn?.arguments;
    const argsText = typeof args === 'string' ? args : asRecord(args) ? JSON.stringify(args) : '';
    let call: PendingCall | undefined;
    if (id !== undefined) call = this.byId.get(id);
    else if (index !== undefined) call = this.byIndex.get(index);
    else call = this.latest;
    // Only a fragment that could start a call pays for the JSON check (never plain argument pieces).
    if (call && id === undefined && (name || (argsText && this.repeatedName === call)) && isWhole(call)) {
      if (name && (name !== call.name || argsText)) call = undefined; // another call at the same index
      else if (name) this.repeatedName = call; // same name alone: a repeat, or the start of a same-named call
      else if (argsText && this.repeatedName === call) call = this.startCall(undefined, index, call.name);
    }
    if (!call) call = this.startCall(id, index, '');
    if (call !== this.repeatedName) this.repeatedName = undefined;
    if (index !== undefined) this.byIndex.set(index, call);
    this.latest = call;
    // Names usually come whole (possibly repeated); a few providers stream them in pieces.
    if (name && name !== call.name) call.name += name;
    call.args += argsText;
    const signature = callSignature(fragment);
    if (signature) call.signature = signature;
  }

  private startCall(id: string | undefined, index: number | undefined, name: string): PendingCall {
    const call: PendingCall = { id: id ?? `call_${this.calls.length}_${index ?? 'x'}`, name, args: '' };
    this.calls.push(call);
    if (id !== undefined) this.byId.set(id, call);
    return call;
  }

  /** True when every call's arguments are empty or whole JSON. */
  allArgumentsParse(): boolean {
    return this.calls.every((c) => !c.args.trim() || parsesAsJson(c.args));
  }

  /** The signature carried on the first call that has one (Gemini signs the first call of a turn). */
  firstSignature(): string | undefined {
    return this.calls.find((c) => c.signature)?.signature;
  }

  /** Empty arguments become "{}" so the call can be sent back to Venice and parsed as an object. */
  result(): AssembledToolCall[] {
    return this.calls.map((c) => ({ id: c.id, name: c.name, arguments: c.args.trim() ? c.args : '{}' }));
  }
}

function isWhole(call: PendingCall): boolean {
  return call.name !== '' && call.args.trim() !== '' && parsesAsJson(call.args);
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `thought_signature` on the call, or Gemini's OpenAI-compatible `extra_content.google.thought_signature`. */
function callSignature(fragment: UnknownRecord): string | undefined {
  const direct = fragment.thought_signature;
  if (typeof direct === 'string' && direct) return direct;
  const nested = asRecord(asRecord(fragment.extra_content)?.google)?.thought_signature;
  return typeof nested === 'string' && nested ? nested : undefined;
}
