// Tools offered by a VS Code caller -> Venice function tools, and the model's tool calls back.
// No `vscode` import.
import { VeniceError } from '../venice/errors';
import type { AssembledToolCall, FunctionTool } from '../venice/types';

export interface PortableTool {
  name: string;
  description: string;
  inputSchema?: object;
}

export interface ParsedToolCall {
  callId: string;
  /** The caller's own tool name (not the API-safe one). */
  name: string;
  input: Record<string, unknown>;
}

const API_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Function names at the API must match [A-Za-z0-9_-]{1,64}; VS Code tool names may not (MCP tools
 * use dots and long prefixes). Unsafe names get a safe, unique alias and calls are mapped back.
 */
export class ToolNames {
  private readonly toApi = new Map<string, string>();
  private readonly fromApi = new Map<string, string>();

  constructor(names: readonly string[]) {
    // Names the API accepts keep themselves; only then do the others get aliases.
    for (const name of names) if (API_NAME.test(name)) this.alias(name);
    for (const name of names) this.alias(name);
  }

  private alias(name: string): string {
    const known = this.toApi.get(name);
    if (known) return known;
    const base = API_NAME.test(name) ? name : name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'tool';
    let candidate = base;
    for (let i = 2; this.fromApi.has(candidate); i++) {
      const suffix = `_${i}`;
      candidate = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    }
    this.toApi.set(name, candidate);
    this.fromApi.set(candidate, name);
    return candidate;
  }

  api(name: string): string {
    return this.alias(name);
  }

  original(apiName: string): string {
    return this.fromApi.get(apiName) ?? apiName;
  }
}

export function toFunctionTools(tools: readonly PortableTool[], names: ToolNames): FunctionTool[] {
  return tools.map((t) => {
    const schema = t.inputSchema && typeof t.inputSchema === 'object' ? (t.inputSchema as Record<string, unknown>) : undefined;
    return {
      type: 'function',
      function: {
        name: names.api(t.name),
        ...(t.description ? { description: t.description } : {}),
        // Venice's schema wants an object schema; a tool without input takes an empty object.
        parameters: schema && Object.keys(schema).length ? schema : { type: 'object', properties: {} },
      },
    };
  });
}

/**
 * Parses the arguments of each call. A call whose arguments are not a JSON object is an error, so
 * the caller never runs a tool with input the model did not really give.
 */
export function parseToolCalls(calls: readonly AssembledToolCall[], names: ToolNames, newId: () => string): ParsedToolCall[] {
  return calls.map((c) => {
    if (!c.name) throw new VeniceError({ kind: 'malformed', message: 'The model asked for a tool call without a tool name, so it was not passed on.' });
    const name = names.original(c.name);
    const raw = c.arguments.trim();
    let input: unknown = {};
    if (raw) {
      try {
        input = JSON.parse(raw);
      } catch {
        throw invalidArguments(name, 'are not valid JSON');
      }
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalidArguments(name, 'are not a JSON object');
    return { callId: c.id || newId(), name, input: input as Record<string, unknown> };
  });
}

function invalidArguments(name: string, why: string): VeniceError {
  return new VeniceError({
    kind: 'malformed',
    action: 'retry',
    message: `The model called the tool "${name.slice(0, 64)}" with arguments that ${why}, so the call was not passed on. Try again.`,
  });
}
