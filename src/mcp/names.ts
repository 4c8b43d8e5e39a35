// The name a model sees for an MCP tool: `mcp_<server>_<tool>`, characters outside [A-Za-z0-9_-]
// replaced by "_", at most 64 characters (the API's limit for function names). Two tools that
// would get the same name are told apart by a numbered suffix. No `vscode` import.

export const MCP_PREFIX = 'mcp_';
const MAX_NAME = 64;

function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The offered name of `tool` on `server`, before telling duplicates apart. */
export function mcpToolName(server: string, tool: string): string {
  return `${MCP_PREFIX}${safe(server)}_${safe(tool)}`.slice(0, MAX_NAME);
}

/** Hands out unique names: the first tool keeps `mcpToolName`, later clashes get `_2`, `_3`… */
export class McpNameTable {
  private readonly used = new Set<string>();

  claim(server: string, tool: string): string {
    const base = mcpToolName(server, tool);
    let name = base;
    for (let i = 2; this.used.has(name); i++) {
      const suffix = `_${i}`;
      name = `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    }
    this.used.add(name);
    return name;
  }
}
