/**
 * The kernels' thread pool protocol: which kernels a worker can run, where its job lies in the shared
 * memory's control words, and the worker's own code.
 */

/** What a worker runs: the job's first word. Each kernel's arguments follow, its batch share [n0, n1) among them. */
export const JOB_KINDS = {
  filterGrad: { kind: 0, fn: 'filter_grad', args: 17, n0: 3 },
  winograd: { kind: 1, fn: 'wino_conv', args: 18, n0: 6 },
  winogradFilterGrad: { kind: 2, fn: 'wino_filter_grad', args: 16, n0: 5 },
} as const;
export type JobKind = keyof typeof JOB_KINDS;

/** Bytes 0 … CONTROL_BYTES−1 of the memory hold the pool's control words; data starts after. */
export const CONTROL_BYTES = 1024;
/** Control words (Int32): [0] generation (−1: stop), [1] workers done, [2] workers ready, [8 + 24·t …] job of worker t (kind, arguments). */
export const JOB_BASE = 8, JOB_WORDS = 24;

/**
 * The worker's code (a classic script, for a Blob URL in browsers or `eval: true` in Node): it
 * instantiates the kernels on the shared memory, then sleeps on the generation word and runs its
 * share of each job.
 */
export const WORKER_SOURCE = `
const kinds = ${JSON.stringify(Object.values(JOB_KINDS).map((j) => [j.kind, j.fn, j.args, j.n0]))};
const start = (data) => {
  const { module, memory, index } = data;
  const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const ctl = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
  let gen = Atomics.load(ctl, 0);
  Atomics.add(ctl, 2, 1);
  for (;;) {
    Atomics.wait(ctl, 0, gen);
    gen = Atomics.load(ctl, 0);
    if (gen < 0) break;
    const j = ${JOB_BASE} + ${JOB_WORDS} * index, kind = Atomics.load(ctl, j), a = [];
    const spec = kinds.find((s) => s[0] === kind);
    for (let i = 1; spec && i <= spec[2]; i++) a.push(Atomics.load(ctl, j + i));
    if (spec && a[spec[3] + 1] > a[spec[3]]) k[spec[1]](...a);
    Atomics.add(ctl, 1, 1);
    Atomics.notify(ctl, 1);
  }
};
if (typeof self !== 'undefined' && typeof self.postMessage === 'function') self.onmessage = (e) => start(e.data);
else require('node:worker_threads').parentPort.once('message', start);
`;
