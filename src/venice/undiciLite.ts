// Loads only the parts of undici the client uses: the env-proxy Agent, the proxy Agent (VS Code's
// http.proxy) and the Dispatcher API
// (request, and connect for proxy tunnels). `import 'undici'` would also bundle fetch, WebSocket,
// caches and mocks: about 210 KB more in the minified host bundle.
import type { EnvHttpProxyAgent as EnvHttpProxyAgentType, ProxyAgent as ProxyAgentType } from 'undici';
import api from 'undici/lib/api/index.js';
import DispatcherImpl from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgentImpl from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import ProxyAgentImpl from 'undici/lib/dispatcher/proxy-agent.js';

// What undici's index.js does at load: the API methods live on Dispatcher.prototype.
Object.assign((DispatcherImpl as { prototype: object }).prototype, api);

export type { Dispatcher } from 'undici';
export type EnvHttpProxyAgent = EnvHttpProxyAgentType;
export const EnvHttpProxyAgent = EnvHttpProxyAgentImpl as unknown as typeof EnvHttpProxyAgentType;
export const ProxyAgent = ProxyAgentImpl as unknown as typeof ProxyAgentType;
