// Which certificate authorities the client trusts, and which hosts skip the editor's proxy. Node's
// default store already holds its bundled roots and NODE_EXTRA_CA_CERTS (read when the process
// started); VS Code's `http.systemCertificates` asks for the operating system's store too, which
// Node exposes from 22.15/23.5 on (tls.getCACertificates('system')). Passing `ca` to a connection
// replaces the default store, so when anything is added the list repeats the defaults and the
// NODE_EXTRA_CA_CERTS file. No `vscode` import: the host passes the settings in.
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';

/** The host's trust settings (VS Code: http.systemCertificates). */
export interface TlsTrust {
  /** Add the operating system's certificate store (when this Node can read it). */
  systemCertificates: boolean;
  /** More PEM certificates to trust (one certificate per entry, or several in one PEM). */
  extraCertificates?: readonly string[];
}

type CaKind = 'default' | 'system' | 'extra';
type GetCa = (kind: CaKind) => string[];

/** Node ≥ 22.15 / 23.5 only; older Nodes (VS Code's own may be one) have no system store here. */
function nodeCa(): GetCa | undefined {
  const get = (tls as { getCACertificates?: GetCa }).getCACertificates;
  return typeof get === 'function' ? get : undefined;
}

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates in NODE_EXTRA_CA_CERTS's file (unreadable: none; Node says so at start-up too). */
function extraFromEnv(env: NodeJS.ProcessEnv): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return readFileSync(file, 'utf8').match(PEM) ?? [];
  } catch {
    return [];
  }
}

/**
 * The `ca` list for connections, or undefined when Node's default store is already right (nothing
 * to add). `from` is for tests (getCa undefined: a Node without tls.getCACertificates).
 */
export function trustedCertificates(trust: TlsTrust | undefined, from: { getCa: GetCa | undefined; env: NodeJS.ProcessEnv } = { getCa: nodeCa(), env: process.env }): string[] | undefined {
  const { getCa, env } = from;
  const added = (trust?.extraCertificates ?? []).flatMap((c) => c.match(PEM) ?? []);
  const system = trust?.systemCertificates && getCa ? getCa('system') : [];
  if (added.length === 0 && system.length === 0) return undefined;
  const defaults = getCa ? [...getCa('default'), ...getCa('extra')] : [...tls.rootCertificates, ...extraFromEnv(env)];
  return [...new Set([...defaults, ...system, ...added])];
}

/**
 * True when `url`'s host is listed in `noProxy` (VS Code's http.noProxy, NO_PROXY's rules): `*`
 * (all), a host name or IP (`example.com` also covers its subdomains; `.example.com` and
 * `*.example.com` only them), with an optional `:port`.
 */
export function bypassesProxy(url: URL, noProxy: readonly string[] | undefined): boolean {
  if (!noProxy?.length) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (!entry) return false;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ''));
    const name = (m?.[1] ?? entry).replace(/^\*?\./, '.');
    if (m?.[2] && m[2] !== port) return false;
    if (name.startsWith('.')) return host.endsWith(name);
    return host === name || host.endsWith(`.${name}`);
  });
}
