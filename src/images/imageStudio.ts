// The imageStudio chunk (esbuild.mjs lazyChunks): what background removal and combining images
// need, loaded on their first use so activation does not pay for it. studioRegister.ts require()s it.
export { combineImagesCommand, removeBackgroundCommand } from './studioCommands';
export { runRemoveBackgroundTool } from './removeBackgroundTool';
