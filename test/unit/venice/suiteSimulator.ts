// One strict Venice simulator per describe() block: started before its tests, reset before each one,
// closed after. The suites that talk to the simulator's routes directly share this set-up; the value
// returned stands in for the running simulator, so a suite reads `sim.baseUrl`, `sim.requests`… as usual.
import { startSimulator, type Simulator, type SimulatorOptions } from '../../fixtures/simulator';

export function suiteSimulator(options: SimulatorOptions): Simulator {
  let current: Simulator | undefined;
  before(async () => {
    current = await startSimulator(options);
  });
  after(async () => {
    await current?.close();
  });
  beforeEach(() => current?.reset());
  return new Proxy({} as Simulator, {
    get: (_target, prop) => {
      if (!current) throw new Error('the suite simulator runs only inside tests and hooks');
      const value: unknown = Reflect.get(current, prop, current);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
    },
  });
}

export interface RawAnswer {
  status: number;
  /** The body parsed as JSON, undefined when it is not JSON. */
  json: unknown;
  type: string;
  headers: Headers;
  bytes: Uint8Array;
}

/**
 * One raw HTTP request to the simulator, as a strict-route test sends it: the key as a bearer token
 * (none with `key: null`), a JSON body unless a ready body and its content type are given.
 */
export async function rawRequest(sim: Simulator, method: string, route: string, o: { json?: unknown; body?: BodyInit; contentType?: string; key: string | null }): Promise<RawAnswer> {
  const headers: Record<string, string> = {};
  if (o.key !== null) headers.authorization = `Bearer ${o.key}`;
  const body = o.body ?? (o.json === undefined ? undefined : JSON.stringify(o.json));
  const contentType = o.contentType ?? (o.json === undefined ? undefined : 'application/json');
  if (contentType) headers['content-type'] = contentType;
  const res = await fetch(`${sim.url}${route}`, { method, headers, body });
  const bytes = new Uint8Array(await res.arrayBuffer());
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    json = undefined;
  }
  return { status: res.status, json, type: res.headers.get('content-type') ?? '', headers: res.headers, bytes };
}
