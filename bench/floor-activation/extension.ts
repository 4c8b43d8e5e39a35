// Benchmark-only VS Code extension (never shipped; bench/vscode/activation.ts builds it with esbuild
// and installs it beside Venice in the bench's code-server profile): the activation floor. It is
// activated like Venice in the activation part, by running one of its contributed commands
// (onCommand), and its activate() does nothing, not even require('vscode'). So VS Code's
// "Activation: N ms" for it is what VS Code spends on activating any extension (its clock around
// loading the main file and calling activate()), and Venice's figure minus this one is Venice's own.
// The command is never registered: running it only triggers the activation (and then fails).

export function activate(): void {}

export function deactivate(): void {}
