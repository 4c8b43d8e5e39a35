// @venice's tools: the MCP tools VS Code lists (vscode.lm.tools) from the servers Venice publishes
// to it (src/mcp/definitionProvider.ts), offered to the model through the one turn loop and run
// with vscode.lm.invokeTool and the request's toolInvocationToken, so VS Code shows its own
// confirmation in the chat and the user approves there. Not Venice's own MCP manager: that would
// start a second copy of each server, and its Apply/Reject card has no place in VS Code's chat
// (stable API offers participants no confirmation of their own). Other extensions' and VS Code's
// built-in tools are never offered here. No `vscode` import: the port below is the VS Code side.
import { supportsTools } from '../llm/capabilities';
import type { ToolHost, ToolOutcome } from '../tools/types';
import { isRecord } from '../util/guards';
import { oneLine } from '../util/text';
import type { FunctionTool, VeniceModel } from '../venice/types';

/** A tool as vscode.lm.tools describes it. */
export interface LmToolInfo {
  name: string;
  description: string;
  inputSchema?: object;
  /** "<tool set>/<tool>" (VS Code lists it at run time; older versions leave it out: no tools then). */
  fullReferenceName?: string;
}

/** What the host needs of VS Code. */
export interface LmToolPort {
  tools(): readonly LmToolInfo[];
  /** vscode.lm.invokeTool with the chat request's token; resolves to the result's text parts. */
  invoke(name: string, input: Record<string, unknown>, signal: AbortSignal): Promise<string>;
}

/** As many as the chat view offers per request (OpenAI-compatible APIs refuse more than 128). */
const MAX_TOOLS = 128;
/** The most text one result gives the model: the chat view's cap for an MCP result. */
export const MAX_RESULT_CHARS = 40_000;
const API_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The start of the full reference name VS Code gives the tools of a server with this label: its tool
 * set is named after the label (lower case, spaces as "-"), and each tool is "<tool set>/<tool>".
 * The label is Venice's ("Venice: <name>", src/mcp/published.ts); the tool names themselves come
 * from what the server calls itself, so they cannot tell whose server it is.
 */
export function toolSetPrefix(label: string): string {
  return `${label.toLowerCase().replace(/\s+/g, '-')}/`;
}

/** True for a tool of one of these published servers. */
export function fromServers(labels: readonly string[]): (tool: LmToolInfo) => boolean {
  const prefixes = labels.map(toolSetPrefix);
  return (tool) => tool.fullReferenceName !== undefined && prefixes.some((p) => tool.fullReferenceName?.startsWith(p) === true);
}

function outcome(ok: boolean, content: string, summary: string, extra: Partial<ToolOutcome> = {}): ToolOutcome {
  return { ok, content, summary, ...extra };
}

export function participantToolHost(port: LmToolPort, isOurs: (tool: LmToolInfo) => boolean): ToolHost {
  const offered = (): LmToolInfo[] => port.tools().filter((t) => API_NAME.test(t.name) && isOurs(t)).slice(0, MAX_TOOLS);
  return {
    definitions(model: VeniceModel | undefined): FunctionTool[] {
      if (!supportsTools(model)) return [];
      return offered().map((t) => {
        const schema = isRecord(t.inputSchema) && Object.keys(t.inputSchema).length ? t.inputSchema : { type: 'object', properties: {} };
        return { type: 'function', function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: schema } };
      });
    },
    isPaid: () => false,
    async run(call, ctx) {
      const name = oneLine(call.name, { maxLength: 64 });
      if (!offered().some((t) => t.name === call.name)) return outcome(false, `There is no tool called "${name}" here.`, `Unknown tool ${name}`);
      let input: unknown;
      try {
        input = call.arguments.trim() ? JSON.parse(call.arguments) : {};
      } catch {
        return outcome(false, 'The arguments were not valid JSON; the tool was not run.', 'Invalid arguments');
      }
      if (!isRecord(input)) return outcome(false, 'The arguments must be a JSON object; the tool was not run.', 'Invalid arguments');
      try {
        const text = await port.invoke(call.name, input, ctx.signal);
        const cut = text.length - MAX_RESULT_CHARS;
        const content = cut > 0 ? `${text.slice(0, MAX_RESULT_CHARS)}\n[result cut: ${cut} more characters were left out]` : text || '(the tool returned no content)';
        return outcome(true, content, `Ran ${name}`);
      } catch (err) {
        // VS Code throws when the user declines in its confirmation, when the server fails, or on Stop.
        const why = oneLine(err instanceof Error ? err.message : String(err), { maxLength: 400, stripInvisible: true });
        const declined = /cancel|denied|declin|reject|skipp/i.test(why);
        return declined
          ? outcome(false, 'The user did not allow this tool call.', `Not run: ${why}`, { rejected: true })
          : outcome(false, `The tool failed: ${why}`, `Failed: ${why}`);
      }
    },
  };
}
