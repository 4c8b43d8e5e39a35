// Entry of the lazy chunk dist/imageCommands.js: Venice: Generate Image, Upscale Image and Edit Image
// (commands.ts), loaded on the first call of one of them (register.ts registers the stubs).
export { editImage, generateImage, upscaleImage } from './commands';
