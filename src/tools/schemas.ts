// JSON schemas of the tools: what the model is told (descriptions) and what its arguments are
// validated against before anything runs. No `vscode` import, so validation is unit-tested in Node.
import type { ToolName } from './names';

/** Caps shared by the schemas and the handlers. */
export const LIMITS = {
  /** Text a tool may write in one call (insert_text, edit_file, create_file). */
  maxTextChars: 1_000_000,
  maxPathChars: 1024,
  maxGlobChars: 512,
  maxQueryChars: 1000,
  maxPromptChars: 7500,
  maxLine: 10_000_000,
  maxCommandChars: 8_000,
  maxCommandTimeoutSeconds: 3_600,
} as const;

export interface JsonSchemaObject {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties: false;
}

export interface ToolSpec {
  name: ToolName;
  description: string;
  parameters: JsonSchemaObject;
  /** Changes files or the editor: needs a trusted workspace and the user's approval. */
  changes: boolean;
  /** Spends Venice credits (generate_image; the video and music tools declare it too): capped per answer. */
  paid?: true;
  /** Starts processes: needs a trusted workspace; never skips its card through venice.tools.autoApprove. */
  runsProcesses?: true;
}

const path = (what: string): Record<string, unknown> => ({
  type: 'string',
  minLength: 1,
  maxLength: LIMITS.maxPathChars,
  description: `${what} Relative to the workspace folder, with forward slashes (e.g. "src/app.ts"). In a multi-root workspace, start with the folder name.`,
});
const text = (description: string, minLength = 0): Record<string, unknown> => ({ type: 'string', minLength, maxLength: LIMITS.maxTextChars, description });
const line = (description: string): Record<string, unknown> => ({ type: 'integer', minimum: 1, maximum: LIMITS.maxLine, description });
const glob = (description: string): Record<string, unknown> => ({ type: 'string', minLength: 1, maxLength: LIMITS.maxGlobChars, description });

function obj(properties: Record<string, Record<string, unknown>>, required: string[] = []): JsonSchemaObject {
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

export const TOOL_SPECS: readonly ToolSpec[] = [
  {
    name: 'get_editor_context',
    changes: false,
    description:
      'Get what the user is looking at: the active file (workspace-relative path), its language, the selected text, the cursor position and the visible line range. Lines and columns are 1-based.',
    parameters: obj({}),
  },
  {
    name: 'read_file',
    changes: false,
    description:
      'Read a text file in the workspace, whole or a line range (1-based, inclusive). Returns at most 2,000 lines or 100 KB per call and says when it stopped early, so you can continue with startLine. Files that may hold secrets (.env, keys) need the user\'s permission.',
    parameters: obj({ path: path('File to read.'), startLine: line('First line to return (default 1).'), endLine: line('Last line to return (default: the end, within the cap).') }, ['path']),
  },
  {
    name: 'list_files',
    changes: false,
    description:
      'List files in the workspace, optionally filtered by a glob such as "src/**/*.ts". Leaves out what files.exclude and search.exclude hide (such as node_modules). Returns at most 500 paths.',
    parameters: obj({ glob: glob('Glob pattern relative to the workspace (default "**/*").') }),
  },
  {
    name: 'search_workspace',
    changes: false,
    description:
      'Search the saved files of the workspace for text (or a JavaScript regular expression when isRegex is true). Case-insensitive unless the query has an upper-case letter. Returns at most 200 matching lines as "path:line: text". Files that may hold secrets are skipped.',
    parameters: obj(
      {
        query: { type: 'string', minLength: 1, maxLength: LIMITS.maxQueryChars, description: 'Text or regular expression to find (matched per line).' },
        isRegex: { type: 'boolean', description: 'Treat query as a regular expression (default false).' },
        glob: glob('Only search files matching this glob, e.g. "**/*.py".'),
      },
      ['query'],
    ),
  },
  {
    name: 'search_codebase',
    changes: false,
    description:
      'Semantic code search: find the passages of the workspace closest in meaning to a description (e.g. "where invoices are totalled"), even when they use other words. Uses the index built by the user with "Venice: Index Workspace for Semantic Search"; says so when there is none. Returns ranked "path:startLine-endLine" passages with their text.',
    parameters: obj(
      {
        query: { type: 'string', minLength: 1, maxLength: LIMITS.maxQueryChars, description: 'What to look for, in natural language or code words.' },
        limit: { type: 'integer', minimum: 1, maximum: 20, description: 'How many passages to return (default 8).' },
      },
      ['query'],
    ),
  },
  {
    name: 'get_diagnostics',
    changes: false,
    description: 'Get the problems (errors, warnings) VS Code reports, for one file or for the whole workspace.',
    parameters: obj({ path: path('File to get problems for (default: all files).') }),
  },
  {
    name: 'open_file',
    changes: false,
    description: 'Open a workspace file in the editor, optionally at a line (1-based), so the user can see it.',
    parameters: obj({ path: path('File to open.'), line: line('Line to reveal and put the cursor on.') }, ['path']),
  },
  {
    name: 'get_terminal_output',
    changes: false,
    description:
      "Get the newest command run in a terminal (the user's own or the Venice one) or by run_command: its command line, exit code and the last part of its output. Needs VS Code's terminal shell integration for the user's own terminals.",
    parameters: obj({}),
  },
  {
    name: 'transcribe_audio',
    changes: false,
    paid: true,
    description:
      'Transcribe the speech in a workspace audio or video file (wav, mp3, m4a, aac, flac, ogg, webm, mp4) with Venice and return the text: plain, or with timestamps as SRT, WebVTT or JSON segments. Reads the file only; writes nothing. Uses Venice credits.',
    parameters: obj(
      {
        path: path('Audio or video file to transcribe.'),
        format: { type: 'string', enum: ['text', 'srt', 'vtt', 'json'], description: 'How to return the transcript (default "text"; "srt", "vtt" and "json" carry timestamps).' },
      },
      ['path'],
    ),
  },
  {
    name: 'insert_text',
    changes: true,
    description:
      'Insert text at the cursor of the active editor, or at {path, line, character} (1-based) in a workspace file. The user approves it first.',
    parameters: obj(
      {
        text: text('Text to insert.', 1),
        path: path('File to insert into (then line is required).'),
        line: line('Line to insert at (1-based).'),
        character: { type: 'integer', minimum: 1, maximum: LIMITS.maxLine, description: 'Column to insert at (1-based, default 1).' },
      },
      ['text'],
    ),
  },
  {
    name: 'replace_selection',
    changes: true,
    description: 'Replace the text selected in the active editor. The user approves it first.',
    parameters: obj({ text: text('Replacement text (may be empty to delete the selection).') }, ['text']),
  },
  {
    name: 'edit_file',
    changes: true,
    description:
      'Replace one exact piece of text in a workspace file. oldText must occur exactly once in the file (copy it exactly, with its whitespace, and include enough surrounding lines to make it unique). The user approves the diff first.',
    parameters: obj({ path: path('File to edit.'), oldText: text('Exact text to replace.', 1), newText: text('Text to put in its place.') }, ['path', 'oldText', 'newText']),
  },
  {
    name: 'create_file',
    changes: true,
    description:
      'Create a new file in the workspace (missing folders are created). An existing file is never replaced unless the user approves the overwrite. The user approves the new file first.',
    parameters: obj({ path: path('File to create.'), content: text('Full content of the file.') }, ['path', 'content']),
  },
  {
    name: 'run_command',
    changes: false,
    runsProcesses: true,
    description:
      'Run a shell command in a workspace folder (e.g. a build or the tests) and get its exit code and output (stdout and stderr together; only the last part of a long output). The user sees the exact command line and approves it first; it runs in the "Venice" terminal when possible. Not available in Restricted Mode. Prefer one short, non-interactive command; nothing can be typed into it.',
    parameters: obj(
      {
        command: { type: 'string', minLength: 1, maxLength: LIMITS.maxCommandChars, description: 'The command line, run as is by the user\'s shell.' },
        cwd: path('Folder to run in (default: the first workspace folder).'),
        timeoutSeconds: { type: 'integer', minimum: 1, maximum: LIMITS.maxCommandTimeoutSeconds, description: 'Kill the command (and everything it started) after this many seconds (default from the user\'s settings).' },
      },
      ['command'],
    ),
  },
  {
    name: 'generate_video',
    changes: true,
    paid: true,
    description:
      'Generate a short video (.mp4) with Venice from a text prompt, or animate an image in the workspace, into the configured videos folder. The user sees the price quote and approves it first; it takes a minute or more.',
    parameters: obj(
      {
        prompt: { type: 'string', minLength: 1, maxLength: 2500, description: 'What the video should show (for an image: the motion).' },
        // Checked in full (patterns, the model's own lists) by video/request.ts: the generated validators stay small.
        model: { type: 'string', maxLength: 100, description: 'Video model id (default: Venice\'s default text-to-video model, or its first image-to-video model for an image).' },
        duration: { type: 'string', maxLength: 10, description: 'Length such as "5s" (the model lists its choices).' },
        resolution: { type: 'string', maxLength: 20, description: 'Resolution such as "720p" (models that take one).' },
        aspectRatio: { type: 'string', maxLength: 20, description: 'Aspect ratio such as "16:9" (models that take one).' },
        image: { type: 'string', maxLength: LIMITS.maxPathChars, description: 'Workspace-relative path of an image to animate (PNG, JPEG or WebP); needs an image-to-video model.' },
      },
      ['prompt'],
    ),
  },
  {
    name: 'generate_music',
    changes: true,
    paid: true,
    description:
      'Generate music or a sound effect with Venice from a text prompt into the configured audio folder, and play it. The user sees the price quote and approves it first.',
    parameters: obj(
      {
        prompt: { type: 'string', minLength: 1, maxLength: 2000, description: 'The music or sound to make, e.g. "calm lo-fi piano, 80 BPM" or "a wooden door creaking".' },
        model: { type: 'string', maxLength: 100, description: 'Music model id (sound-effect models make short clips; default: Venice\'s default music model).' },
        durationSeconds: { type: 'integer', minimum: 1, maximum: 600, description: 'Length in seconds, for models that take one.' },
      },
      ['prompt'],
    ),
  },
  {
    name: 'remove_background',
    changes: true,
    paid: true,
    description:
      'Remove the background of a workspace image (PNG, JPEG or WebP) with Venice and save the result beside it as "<name>-nobg.png" (transparent background). Never overwrites. The user approves it first (it uses Venice credits).',
    parameters: obj({ path: path('Image whose background to remove.') }, ['path']),
  },
  {
    name: 'generate_image',
    changes: true,
    paid: true,
    description:
      'Generate an image with Venice from a text prompt and save it into the workspace (by default into the configured images folder). The user approves it first.',
    parameters: obj(
      {
        prompt: { type: 'string', minLength: 1, maxLength: LIMITS.maxPromptChars, description: 'What the image should show.' },
        path: path('File to write, ending in .png, .jpg, .jpeg or .webp (default: a new file in the images folder).'),
        negativePrompt: { type: 'string', maxLength: LIMITS.maxPromptChars, description: 'What the image should not show.' },
        width: { type: 'integer', minimum: 64, maximum: 1280, description: 'Width in pixels (models that take pixel sizes).' },
        height: { type: 'integer', minimum: 64, maximum: 1280, description: 'Height in pixels.' },
        aspectRatio: { type: 'string', pattern: '^[1-9][0-9]?:[1-9][0-9]?$', description: 'Aspect ratio such as "16:9" (models that take ratios).' },
        format: { type: 'string', enum: ['webp', 'png', 'jpeg'], description: 'Image format (default from settings, or from the path extension).' },
        style: { type: 'string', minLength: 1, maxLength: 100, description: 'A Venice style preset name.' },
        model: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$', description: 'Image model id (default from settings).' },
        seed: { type: 'integer', minimum: -999999999, maximum: 999999999, description: 'Seed for reproducible results.' },
      },
      ['prompt'],
    ),
  },
];

/** The spec of one tool (every name in names.ts has one; a unit test checks it). */
export function toolSpec(name: ToolName): ToolSpec {
  const spec = TOOL_SPECS.find((s) => s.name === name);
  if (!spec) throw new Error(`no spec for tool ${name}`);
  return spec;
}
