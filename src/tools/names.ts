// The tool names the model may call (a public contract: keep them exactly). No `vscode` import.

export const READ_ONLY_TOOLS = ['get_editor_context', 'read_file', 'list_files', 'search_workspace', 'search_codebase', 'get_diagnostics', 'open_file'] as const;
/** Tools that change files: offered only in trusted workspaces and run only after approval. */
export const CHANGING_TOOL_NAMES = ['insert_text', 'replace_selection', 'edit_file', 'create_file', 'generate_image'] as const;

export type ReadOnlyToolName = (typeof READ_ONLY_TOOLS)[number];
export type ChangingToolName = (typeof CHANGING_TOOL_NAMES)[number];
export type ToolName = ReadOnlyToolName | ChangingToolName;

export const ALL_TOOL_NAMES: readonly ToolName[] = [...READ_ONLY_TOOLS, ...CHANGING_TOOL_NAMES];
