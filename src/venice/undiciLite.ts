// Loads only the parts of undici the client uses: the env-proxy Agent, the proxy Agent (VS Code's
// http.proxy), the plain Agent with its connector, and the Dispatcher API
// (request, and connect for proxy tunnels). `import 'undici'` would also bundle fetch, WebSocket,
// caches and mocks: about 210 KB more in the minified host bundle.
import type { Agent as AgentType, buildConnector as BuildConnectorType, EnvHttpProxyAgent as EnvHttpProxyAgentType, ProxyAgent as ProxyAgentType } from 'undici';
import api from 'undici/lib/api/index.js';
import buildConnectorImpl from 'undici/lib/core/connect.js';
import AgentImpl from 'undici/lib/dispatcher/agent.js';
import DispatcherImpl from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgentImpl from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import ProxyAgentImpl from 'undici/lib/dispatcher/proxy-agent.js';

// What undici's index.js does at load: the API methods live on Dispatcher.prototype.
Object.assign((DispatcherImpl as { prototype: object }).prototype, api);

export type { Dispatcher } from 'undici';
export type EnvHttpProxyAgent = EnvHttpProxyAgentType;
export const EnvHttpProxyAgent = EnvHttpProxyAgentImpl as unknown as typeof EnvHttpProxyAgentType;
export const ProxyAgent = ProxyAgentImpl as unknown as typeof ProxyAgentType;
// The plain Agent and its connector (both already inside the env-proxy Agent): direct connections
// with a spare opened ahead (warmConnection.ts).
export const Agent = AgentImpl as unknown as typeof AgentType;
export const buildConnector = buildConnectorImpl as unknown as typeof BuildConnectorType;
