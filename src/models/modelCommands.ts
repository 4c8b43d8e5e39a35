// Entry of the lazy chunk dist/modelCommands.js: Venice: List Models (commands.ts), loaded on its
// first call (register.ts registers the stub).
export { listModels } from './commands';
