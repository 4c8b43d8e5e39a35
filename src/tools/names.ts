// The tool names the model may call (a public contract: keep them exactly). No `vscode` import.

export const READ_ONLY_TOOLS = ['get_editor_context', 'read_file', 'list_files', 'search_workspace', 'search_codebase', 'get_diagnostics', 'open_file', 'get_terminal_output', 'transcribe_audio'] as const;
/** Tools that change files: offered only in trusted workspaces and run only after approval. */
export const CHANGING_TOOL_NAMES = ['insert_text', 'replace_selection', 'edit_file', 'create_file', 'generate_image', 'generate_video', 'generate_music', 'remove_background'] as const;

/** Tools that start processes: offered only in trusted workspaces; they ask unless the user's venice.tools.allowedCommands says otherwise. */
export const PROCESS_TOOL_NAMES = ['run_command'] as const;

export type ReadOnlyToolName = (typeof READ_ONLY_TOOLS)[number];
export type ChangingToolName = (typeof CHANGING_TOOL_NAMES)[number];
export type ProcessToolName = (typeof PROCESS_TOOL_NAMES)[number];
export type ToolName = ReadOnlyToolName | ChangingToolName | ProcessToolName;

/** Tools that spend Venice credits: offered after the others, in this order. */
const PAID_TOOLS: readonly ChangingToolName[] = ['generate_video', 'generate_music', 'remove_background', 'generate_image'];

/** The order the model sees: read-only first, then what edits files or runs commands, the paid tools (they cost credits) last. */
export const ALL_TOOL_NAMES: readonly ToolName[] = [...READ_ONLY_TOOLS, ...CHANGING_TOOL_NAMES.filter((n) => !PAID_TOOLS.includes(n)), ...PROCESS_TOOL_NAMES, ...PAID_TOOLS];
