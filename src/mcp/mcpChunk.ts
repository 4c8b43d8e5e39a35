// The entry of the lazy MCP chunk (dist/mcp.js): everything of the feature but the activation stub.
export { createMcpFeature } from './feature';
