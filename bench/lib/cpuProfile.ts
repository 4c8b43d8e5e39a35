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

export interface OwnShare {
  /** Busy stretches of at least the threshold. */
  stretches: number;
  /** The longest of them, and how much of it ran with a frame of ours on the stack (GC has no stack: never counted as ours). */
  longest: { ms: number; oursMs: number; gcMs: number };
  /** The stretch where the most time ran with a frame of ours on the stack. */
  mostOurs: { ms: number; oursMs: number; gcMs: number };
  /** Self time in our scripts over the whole profile. */
  oursSelfMs: number;
}

/**
 * How much of a thread's long busy stretches was the code of `ours` (scripts chosen by URL), as
 * opposed to the host it runs in: used to tell Venice's share of the extension host's long tasks.
 */
export function ownShare(p: CpuProfile, ours: (url: string) => boolean, minMs = 50): OwnShare {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const oursMemo = new Map<number, boolean>();
  const onStack = (id: number): boolean => {
    const known = oursMemo.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id);
    const up = parent.get(id);
    const v = !!n && (ours(n.callFrame.url) || (up !== undefined && onStack(up)));
    oursMemo.set(id, v);
    return v;
  };
  const stretches: Array<{ ms: number; oursMs: number; gcMs: number }> = [];
  let cur = { ms: 0, oursMs: 0, gcMs: 0 };
  let oursSelfMs = 0;
  const close = () => {
    if (cur.ms >= minMs) stretches.push(cur);
    cur = { ms: 0, oursMs: 0, gcMs: 0 };
  };
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    if (n?.callFrame.functionName === '(idle)') {
      close();
      continue;
    }
    cur.ms += dt;
    if (n?.callFrame.functionName === '(garbage collector)') cur.gcMs += dt;
    if (onStack(p.samples[i])) cur.oursMs += dt;
    if (n && ours(n.callFrame.url)) oursSelfMs += dt;
  }
  close();
  const r = (s: { ms: number; oursMs: number; gcMs: number } | undefined) => ({ ms: Math.round(s?.ms ?? 0), oursMs: Math.round(s?.oursMs ?? 0), gcMs: Math.round(s?.gcMs ?? 0) });
  return {
    stretches: stretches.length,
    longest: r([...stretches].sort((a, b) => b.ms - a.ms)[0]),
    mostOurs: r([...stretches].sort((a, b) => b.oursMs - a.oursMs)[0]),
    oursSelfMs: Math.round(oursSelfMs),
  };
}
