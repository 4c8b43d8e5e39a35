// Where a thread's longest stretch without idle went (one long task or several back to back), from a V8 CPU profile (.cpuprofile, as the inspector's
// Profiler.stop returns it): used by the terminal benchmark to tell VS Code's own work in the
// extension host (its RPC decoding a many-MB message) from Venice's.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface BusyStretch {
  ms: number;
  /** Self time by function within the stretch, largest first (at most 8). */
  top: Array<{ fn: string; ms: number }>;
}

const where = (n: ProfileNode) => {
  const file = n.callFrame.url.split('/').pop() || '(native)';
  return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
};

/** The longest run of samples without "(idle)", and the functions that ran in it. */
export function longestBusyStretch(p: CpuProfile): BusyStretch {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  let best = { from: 0, to: 0, ms: 0 };
  let from = 0;
  let ms = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const idle = byId.get(p.samples[i])?.callFrame.functionName === '(idle)';
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    if (idle) {
      from = i + 1;
      ms = 0;
      continue;
    }
    ms += dt;
    if (ms > best.ms) best = { from, to: i, ms };
  }
  const self = new Map<string, number>();
  for (let i = best.from; i <= best.to && i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    if (!n) continue;
    self.set(where(n), (self.get(where(n)) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([fn, t]) => ({ fn, ms: Math.round(t) }));
  return { ms: Math.round(best.ms), top };
}

/** Self time over the whole profile by script file (idle left out), largest first (at most 8). */
export function selfTimeByScript(p: CpuProfile): Array<{ script: string; ms: number }> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    if (!n || n.callFrame.functionName === '(idle)') continue;
    const script = n.callFrame.url.split('/').pop() || n.callFrame.functionName;
    totals.set(script, (totals.get(script) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([script, ms]) => ({ script, ms: Math.round(ms) }));
}
