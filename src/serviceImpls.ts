// The implementations behind the window's services (src/services.ts): the Venice client with its
// HTTP, SSE and request code, image generation, speech and the semantic index. A lazy chunk of its
// own (esbuild.mjs `lazyChunks`, dist/services.js): activation hands features stand-ins for these,
// and this file loads when one of them is first called (a model list, a chat turn, a command).
export { VeniceClient } from './venice/client';
export { VeniceImageService } from './images/service';
export { VeniceSpeechService } from './speech/service';
export { SemanticIndexService } from './semantic/service';
