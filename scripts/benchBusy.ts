/**
 * When a block of `npm run bench` is not a result: the machine was busy with other work. Under load
 * PyTorch's OpenMP threads wait for each other and its step takes 2–3× (or 10×) its quiet time while
 * ours slows less, so a ratio taken then flatters us (issue 25: 1.45× and 1.82× on a busy machine,
 * 0.90× and 0.83× on a quiet one). Two witnesses, either of which suffices:
 * - the load from other processes, at the start or at the end of the block, is at least
 *   BUSY_LOAD_SHARE × cores: the 1-minute load average less what the bench itself put there
 *   (its own CPU use, averaged the way the kernel averages the load, ownLoadAfter);
 * - PyTorch's GFLOP/s in the block is below BUSY_TORCH_SHARE of its quiet figure (QUIET_TORCH_MS).
 * Pure functions, plus the readers of /proc the bench feeds them with (Linux; elsewhere null).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Load from other processes, per core, from which a block is busy. */
export const BUSY_LOAD_SHARE = 0.5;
/** PyTorch below this share of its quiet GFLOP/s: its threads were starved. */
export const BUSY_TORCH_SHARE = 0.8;
/** The kernel's 1-minute load average decays with this time constant. */
const LOAD_TIME_CONSTANT_S = 60;

/**
 * PyTorch 1.13's quiet step on this kind of machine (2-core AMD EPYC, 2 threads, batch 16, skip
 * model), in ms per image side: issue 25's measurement with nothing else running (318 ms at 64²,
 * 1.09 s at 128²), recorded in docs/performance.md ("The busy rule"). Sizes missing here are
 * judged by the load alone.
 */
export const QUIET_TORCH_MS: Readonly<Record<number, number>> = { 64: 318, 128: 1090 };

/** What the bench recorded around one block. */
export interface BlockConditions {
  cores: number;
  /** 1-minute load average at the block's start and end. */
  loadBefore: number;
  loadAfter: number;
  /** The part of each that the bench itself caused (ownLoadAfter); 0 when unknown. */
  ownBefore: number;
  ownAfter: number;
  /** PyTorch's GFLOP/s in this block at this size, and its quiet figure; null when not run or unknown. */
  torchGflops: number | null;
  quietTorchGflops: number | null;
}

export interface BusyVerdict {
  busy: boolean;
  /** Why, in words, e.g. "load from other processes 1.6 at the end on 2 cores". */
  reasons: string[];
}

/**
 * The bench's own part of the load average after `seconds` in which it used `cpuPerSecond` cores on
 * average, starting from `ownBefore`: the kernel's exponential average of runnable threads, fed
 * with the bench's mean number of busy threads.
 */
export function ownLoadAfter(ownBefore: number, cpuPerSecond: number, seconds: number): number {
  const keep = Math.exp(-Math.max(0, seconds) / LOAD_TIME_CONSTANT_S);
  return ownBefore * keep + Math.max(0, cpuPerSecond) * (1 - keep);
}

/** Whether a block was taken on a busy machine, and why (see the module comment). */
export function busyVerdict(c: BlockConditions): BusyVerdict {
  const reasons: string[] = [];
  const limit = BUSY_LOAD_SHARE * c.cores;
  for (const [when, load, own] of [['start', c.loadBefore, c.ownBefore], ['end', c.loadAfter, c.ownAfter]] as const) {
    const others = load - own;
    if (others >= limit) reasons.push(`load from other processes ${others.toFixed(1)} at the ${when} on ${c.cores} cores (load average ${load.toFixed(1)}, the bench's own ${own.toFixed(1)})`);
  }
  if (c.torchGflops !== null && c.quietTorchGflops !== null && c.torchGflops < BUSY_TORCH_SHARE * c.quietTorchGflops) {
    reasons.push(`PyTorch at ${c.torchGflops.toFixed(1)} GFLOP/s, ${Math.round((100 * c.torchGflops) / c.quietTorchGflops)} % of its quiet ${c.quietTorchGflops.toFixed(1)}`);
  }
  return { busy: reasons.length > 0, reasons };
}

/** The median of the block ratios that were results, with how many busy ones were left out. */
export function quietMedian(blocks: readonly { ratio: number; busy: boolean }[]): { median: number | null; min: number | null; max: number | null; used: number; leftOut: number } {
  const quiet = blocks.filter((b) => !b.busy && Number.isFinite(b.ratio)).map((b) => b.ratio).sort((a, b) => a - b);
  const leftOut = blocks.length - quiet.length;
  if (quiet.length === 0) return { median: null, min: null, max: null, used: 0, leftOut };
  const m = quiet.length >> 1;
  const median = quiet.length % 2 ? quiet[m] : (quiet[m - 1] + quiet[m]) / 2;
  return { median, min: quiet[0], max: quiet[quiet.length - 1], used: quiet.length, leftOut };
}

const ticksPerSecond = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(out.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/**
 * CPU seconds used so far by process `root` and all its descendants (Chromium's processes, PyTorch
 * once reaped), from /proc: utime + stime of every live process in the tree plus what each has
 * collected from its reaped children. Null where /proc is not readable (not Linux).
 */
export function treeCpuSeconds(root = process.pid): number | null {
  try {
    const stats = new Map<number, { ppid: number; ticks: number }>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      let text: string;
      try { text = readFileSync(`/proc/${name}/stat`, 'utf8'); } catch { continue; }
      // Fields after the command (which may hold spaces): state ppid … utime(14) stime(15) cutime(16) cstime(17).
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    }
    let ticks = 0;
    for (const [pid, s] of stats) {
      let p = pid;
      while (p !== root && p > 1 && stats.has(p)) p = stats.get(p)!.ppid;
      if (p === root) ticks += s.ticks;
    }
    return ticks / ticksPerSecond;
  } catch {
    return null;
  }
}

/** The load average now and the bench's own part of it. */
export interface LoadSample {
  load: number;
  own: number;
  /** False where the bench's own CPU use could not be read: `own` is then 0 and the rule judges the raw load. */
  ownKnown: boolean;
}

/**
 * Follows the bench's own part of the load average between samples (ownLoadAfter over each
 * interval, from the CPU time its process tree used in it). Start it before the bench's first
 * work, so that bundling and starting Chromium count as its own too.
 */
export function createLoadTracker({ loadNow, cpuNow = () => treeCpuSeconds(), nowMs = () => performance.now() }: { loadNow: () => number; cpuNow?: () => number | null; nowMs?: () => number }) {
  let own = 0;
  let lastCpu = cpuNow();
  let lastMs = nowMs();
  return {
    sample(): LoadSample {
      const cpu = cpuNow();
      const ms = nowMs();
      const seconds = (ms - lastMs) / 1000;
      if (cpu !== null && lastCpu !== null && seconds > 0) own = ownLoadAfter(own, (cpu - lastCpu) / seconds, seconds);
      lastCpu = cpu;
      lastMs = ms;
      return { load: loadNow(), own: cpu === null ? 0 : own, ownKnown: cpu !== null };
    },
  };
}
