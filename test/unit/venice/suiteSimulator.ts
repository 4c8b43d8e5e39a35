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
