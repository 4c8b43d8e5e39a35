// Contract between the chat's tool loop (src/chat) and the tools (src/tools).
import type { AssembledToolCall, FunctionTool, VeniceModel } from '../venice/types';

/** What the user is asked to approve before a changing tool runs. Rendered as text in the chat card. */
export interface ApprovalRequest {
  toolCallId: string;
  toolName: string;
  /** One line, e.g. "Edit src/app.ts (replace 3 lines)". */
  title: string;
  /** Plain-text detail: the text to insert, the unified diff, the file about to be read… */
  detail: string;
  /** Why this asks even though auto-approve is on (sensitive path), if so. */
  warning?: string;
  /** When set, "Review" opens VS Code's diff editor for this change. */
  review?: () => Promise<void>;
}

export interface ToolRunContext {
  signal: AbortSignal;
  /** Resolves true for "Apply", false for "Reject" (or when the turn is stopped). */
  requestApproval(req: ApprovalRequest): Promise<boolean>;
  /** Keeps the before-state of files the tools change (the chat's checkpoints); absent: nothing is kept. */
  files?: FileChangeRecorder;
  /** Live output of a running tool (run_command), the latest tail; surfaces without a card leave it out. */
  onOutput?(text: string): void;
}

/** A workspace file a tool is about to change. */
export interface TouchedFile {
  /** Absolute path on the local file system. */
  path: string;
  /** How the user knows it (workspace label). */
  label: string;
  /** The tool knows the file did not exist before it (it created it without overwriting). */
  didNotExist?: boolean;
}

/**
 * Records the state of each file the first time an answer's tools touch it, before the change.
 * Every tool change goes through ToolRuntime.recordBefore (workspaceAccess.applyEdit calls it for
 * WorkspaceEdits), so every tool that changes files is covered by the checkpoints.
 */
export interface FileChangeRecorder {
  /** Resolves once the states are kept; throws when they cannot be (the change must then not happen). */
  recordBefore(files: readonly TouchedFile[]): Promise<void>;
}

export interface ToolOutcome {
  /** True when the tool ran and did what was asked. */
  ok: boolean;
  /** Sent back to the model as the `tool` message content. */
  content: string;
  /** Shown compactly in the chat, e.g. "inserted 3 lines at src/a.ts:10". */
  summary: string;
  /** The user rejected the change. */
  rejected?: boolean;
}

export interface ToolHost {
  /** Tool definitions to offer this model ([] when tools are off or the model cannot call functions). */
  definitions(model: VeniceModel | undefined): FunctionTool[];
  /** True for a tool that spends money (its spec says `paid`): the turn loop caps those per answer. */
  isPaid(name: string): boolean;
  /** Validates and runs one call. Never throws: every failure becomes an outcome the model reads. */
  run(call: AssembledToolCall, ctx: ToolRunContext): Promise<ToolOutcome>;
  /**
   * Called once before a turn's first request (tools that must be fetched first: MCP servers start
   * here, lazily). Resolves with notes for the user; never throws.
   */
  prepare?(model: VeniceModel | undefined, signal: AbortSignal): Promise<string[]>;
}
