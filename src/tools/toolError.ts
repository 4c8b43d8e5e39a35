// A tool's expected failure. Its own file because code outside the chat's lazy chunk (the workspace
// access helpers image commands use) throws it too: one class in the activation bundle, so
// `instanceof` holds wherever it is caught.

/** An expected failure with a message for the model ("oldText was not found…"). */
export class ToolError extends Error {
  constructor(
    message: string,
    /** Compact text for the chat; defaults to "<tool>: <message>". */
    readonly summary?: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}
