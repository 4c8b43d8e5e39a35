// The tool host's decisions, without the editor: which tools to offer, exact-name lookup, argument
// validation, Restricted Mode, Stop, and the approval policy. Handlers get only validated
// arguments. No `vscode` import (the editor parts are injected), so all of this is unit-tested in Node.
import type { AssembledToolCall, FunctionTool, VeniceModel } from '../venice/types';
import { ArgumentValidator } from './args';
import type { ToolName } from './names';
import type { ToolSpec } from './schemas';
import { ToolError } from './toolError';
import type { ApprovalRequest, ToolHost, ToolOutcome, ToolRunContext, TouchedFile } from './types';

export { ToolError };

/** What a handler asks the user; toolCallId and toolName are filled in by the dispatcher. */
export type ApprovalAsk = Omit<ApprovalRequest, 'toolCallId' | 'toolName'> & {
  /**
   * Why this always asks although it is no warning (e.g. the file is not an ordinary source file):
   * auto-approve does not cover it. Shown on the card only when the tool is auto-approved.
   */
  alwaysAsk?: string;
};

export interface ToolRuntime {
  signal: AbortSignal;
  /**
   * Asks the user to approve a change. Skips the question only when the user auto-approves this
   * tool and the ask carries neither a warning (sensitive paths) nor an alwaysAsk reason (anything
   * but an ordinary source file). False when rejected or stopped.
   */
  approve(ask: ApprovalAsk): Promise<boolean>;
  /**
   * Call right before changing files (after approval): their current state is kept for the
   * answer's checkpoint. Throws a ToolError when it cannot be kept: then change nothing.
   */
  recordBefore(files: readonly TouchedFile[]): Promise<void>;
  /** Shows live output on the call's card while it runs (the tail; each call replaces the last). */
  showOutput(text: string): void;
}

export interface ToolImpl {
  spec: ToolSpec;
  run(args: Record<string, unknown>, rt: ToolRuntime): Promise<ToolOutcome>;
}

/** Binds a handler to its spec; its arguments have passed the spec's schema when it runs. */
export function defineTool<A>(spec: ToolSpec, run: (args: A, rt: ToolRuntime) => Promise<ToolOutcome>): ToolImpl {
  return { spec, run: (args, rt) => run(args as unknown as A, rt) };
}

export interface ToolPolicy {
  toolsEnabled(): boolean;
  /** vscode.workspace.isTrusted, read fresh (trust can be granted without a reload). */
  isTrusted(): boolean;
  /** The user's own (global) auto-approve list. */
  autoApproved(name: ToolName): boolean;
  log?(message: string): void;
}

const MAX_SHOWN_NAME = 80;

function shortLine(text: string, max = 100): string {
  const first = text.split('\n')[0];
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

function failure(name: string, content: string, summary?: string): ToolOutcome {
  return { ok: false, content, summary: summary ?? `${name}: ${shortLine(content)}` };
}

/**
 * Changing tools, tools that start processes and tools that spend credits (transcribe_audio reads
 * only, but what an untrusted workspace's files say must not spend the user's money) exist only in
 * trusted workspaces.
 */
function needsTrust(spec: ToolSpec): boolean {
  return spec.changes || spec.runsProcesses === true || spec.paid === true;
}

export function createDispatcher(impls: readonly ToolImpl[], policy: ToolPolicy): ToolHost {
  // Exact-match lookup in an explicit Map: no property access on objects, no command ids.
  const byName = new Map<string, ToolImpl>(impls.map((t) => [t.spec.name, t]));
  const validator = new ArgumentValidator(impls.map((t) => t.spec));
  const validNames = impls.map((t) => t.spec.name).join(', ');

  function definitions(model: VeniceModel | undefined): FunctionTool[] {
    if (!policy.toolsEnabled()) return [];
    if (model?.model_spec?.capabilities?.supportsFunctionCalling !== true) return [];
    const trusted = policy.isTrusted();
    return impls
      .filter((t) => trusted || !needsTrust(t.spec))
      .map((t) => ({
        type: 'function' as const,
        function: { name: t.spec.name, description: t.spec.description, parameters: structuredClone(t.spec.parameters) as unknown as Record<string, unknown> },
      }));
  }

  async function run(call: AssembledToolCall, ctx: ToolRunContext): Promise<ToolOutcome> {
    const name = typeof call?.name === 'string' ? call.name : '';
    const impl = byName.get(name);
    if (!impl) {
      const shown = JSON.stringify(name.length > MAX_SHOWN_NAME ? `${name.slice(0, MAX_SHOWN_NAME)}…` : name);
      return failure(name, `Unknown tool ${shown}. Valid tools: ${validNames}.`, `Unknown tool ${shown}`);
    }
    const checked = validator.check(impl.spec, typeof call.arguments === 'string' ? call.arguments : String(call.arguments ?? ''));
    if (!checked.ok) return failure(name, `${checked.error}. Nothing was run.`);
    if (!policy.toolsEnabled()) return failure(name, 'Tools are turned off (setting venice.tools.enabled). Nothing was run.');
    if (needsTrust(impl.spec) && !policy.isTrusted()) {
      return failure(
        name,
        `${name} is not available in Restricted Mode: this workspace is not trusted, so Venice does not ${impl.spec.changes ? 'change files in it' : impl.spec.runsProcesses ? 'run commands in it' : 'spend credits on its files'}. The user can trust the workspace to allow it. Nothing was run.`,
        `${name}: blocked in Restricted Mode`,
      );
    }
    if (ctx.signal.aborted) return failure(name, `Stopped by the user before ${name} ran. Nothing was run.`, `${name}: stopped`);

    const rt: ToolRuntime = {
      signal: ctx.signal,
      approve: async ({ alwaysAsk, ...ask }) => {
        if (ctx.signal.aborted) return false;
        const auto = impl.spec.changes && policy.autoApproved(impl.spec.name);
        if (auto && !ask.warning && !alwaysAsk) return true;
        // Tell a user who auto-approves this tool why it asks this time.
        const warning = ask.warning ?? (auto && alwaysAsk ? `Asked although ${name} is auto-approved: ${alwaysAsk}.` : undefined);
        let approved: boolean;
        try {
          approved = (await ctx.requestApproval({ ...ask, ...(warning ? { warning } : {}), toolCallId: call.id, toolName: name })) === true;
        } catch {
          approved = false;
        }
        // Stopped while the card was open: treat as rejected, change nothing.
        return approved && !ctx.signal.aborted;
      },
      recordBefore: async (files) => {
        if (!ctx.files || files.length === 0) return;
        try {
          await ctx.files.recordBefore(files);
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          throw new ToolError(`The checkpoint for this change could not be saved (${why}), so nothing was changed.`, `${name}: checkpoint not saved`);
        }
      },
      showOutput: (text) => ctx.onOutput?.(text),
    };
    try {
      return await impl.run(checked.args, rt);
    } catch (e) {
      if (e instanceof ToolError) return failure(name, e.message, e.summary);
      const message = e instanceof Error ? e.message : String(e);
      policy.log?.(`tool ${name} failed: ${message}`);
      return failure(name, `${name} failed: ${message}`);
    }
  }

  return { definitions, run, isPaid: (name) => byName.get(name)?.spec.paid === true };
}
