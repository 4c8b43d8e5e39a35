// The transcribe chunk (esbuild.mjs lazyChunks): the command and the tool, loaded on first use so
// activation does not pay for them. register.ts require()s it.
export { transcribeAudioCommand } from './command';
export { runTranscribeTool } from './tool';
