import { CourseError } from '../errors';
import type { ConvGeometry } from './convGeometry';
import { CONV_GRAD_WASM } from './wasm/convGradBinary';
import { CONTROL_BYTES, JOB_BASE, JOB_KINDS, JOB_WORDS, WORKER_SOURCE, type JobKind } from './wasmJobs';

export { CONTROL_BYTES, WORKER_SOURCE };

/** The part of a Web Worker (or Node worker_threads Worker) the thread pool uses. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

export interface WasmConvOptions {
  /** Threads to compute with, the calling thread included (default 1). More need `createWorker` and SharedArrayBuffer. */
  threads?: number;
  /** Starts a worker running `source` (classic script, not a module; see WORKER_SOURCE). */
  createWorker?: (source: string) => WorkerLike;
  /** Use the relaxed-SIMD fused multiply-add build: default where the engine validates it. */
  relaxed?: boolean;
}

/** What `prepareWasmConv` set up; plain data. */
export interface WasmConvStatus {
  ready: boolean;
  threads: number;
  /** Whether the relaxed-SIMD (fused multiply-add) build runs. */
  relaxed?: boolean;
  detail: string;
}

interface Exports {
  filter_grad(x: number, dy: number, dw: number, n0: number, n1: number, h: number, w: number, ci: number,
    oh: number, ow: number, co: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  add_into(dst: number, src: number, count: number): void;
  zero(dst: number, count: number): void;
  col_sum(src: number, dst: number, part: number, rows: number, cols: number): void;
  wino_filter(g: number, u: number, ci: number, co: number, flip: number): void;
  wino_conv(x: number, u: number, bias: number, y: number, v: number, m: number, n0: number, n1: number, h: number, w: number,
    ci: number, oh: number, ow: number, co: number, pt: number, pl: number, relu: number, r: number): void;
  wino_filter2(h: number, u: number, ci: number, co: number): void;
  space_to_depth(src: number, dst: number, n: number, h: number, w: number, c: number): void;
  wino_filter_grad(x: number, dy: number, uh: number, v: number, dh: number, n0: number, n1: number, h: number, w: number, ci: number,
    oh: number, ow: number, co: number, pt: number, pl: number, r: number): void;
  wino_filter_grad_out(uh: number, dw: number, ci: number, co: number): void;
  wino_filter_grad_out2(uh: number, dw: number, ci: number, co: number): void;
}



const PAGE = 65536;

/** Computes the filter gradient with the course's own WebAssembly SIMD kernel, on one or more threads. */
export class WasmConv {
  private readonly ctl: Int32Array;
  private readonly canBlock: boolean;
  /** Kernel calls so far (lets tests and benchmarks check that these kernels ran). */
  calls = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly k: Exports,
    private readonly workers: WorkerLike[],
  ) {
    this.ctl = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
    // Atomics.wait is refused on a browser's main thread; there the caller spins instead.
    this.canBlock = workers.length > 0 && canAtomicsWait();
  }

  get threads(): number { return this.workers.length + 1; }

  private ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
  }

  /** dW [kh,kw,Ci,Co] of the forward convolution `g`, from x [N,H,W,Ci] and dy [N,oh,ow,Co]. */
  filterGrad(x: Float32Array, dy: Float32Array, g: ConvGeometry): Float32Array {
    this.calls++;
    const cop = (g.outChannels + 3) & ~3;
    const dwCount = g.filterHeight * g.filterWidth * g.inChannels * cop;
    const parts = Math.min(this.threads, g.batch);
    const xOff = CONTROL_BYTES;
    const dyOff = align(xOff + x.length * 4);
    const dwOff = align(dyOff + dy.length * 4 + 16); // room for the kernel's overreading loads
    const dwBytes = align(dwCount * 4);
    this.ensure(dwOff + parts * dwBytes);
    const heap = new Float32Array(this.memory.buffer);
    heap.set(x, xOff / 4);
    heap.set(dy, dyOff / 4);
    heap.fill(0, dyOff / 4 + dy.length, dyOff / 4 + dy.length + 4);
    const dims = [g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.outChannels,
      g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft] as const;
    for (let p = 0; p < parts; p++) this.k.zero(dwOff + p * dwBytes, dwCount);
    this.runShares('filterGrad', g.batch, parts, (p, n0, n1) => [xOff, dyOff, dwOff + p * dwBytes, n0, n1, ...dims]);
    if (parts > 1) {
      for (let p = 1; p < parts; p++) this.k.add_into(dwOff, dwOff + p * dwBytes, dwCount);
    }
    const padded = new Float32Array(this.memory.buffer, dwOff, dwCount);
    const co = g.outChannels;
    if (co === cop) return padded.slice();
    const out = new Float32Array(dwCount / cop * co);
    for (let r = 0, s = 0, d = 0; r < dwCount / cop; r++, s += cop, d += co) out.set(padded.subarray(s, s + co), d);
    return out;
  }

  /**
   * Runs kernel `kind` over the images 0 … batch−1 in `parts` shares: share 0 on the calling thread,
   * share p on worker p−1 (idle workers get an empty share); returns when all are done. `argsOf` gives
   * a share's arguments, its [n0, n1) at the kind's position.
   */
  runShares(kind: JobKind, batch: number, parts: number, argsOf: (part: number, n0: number, n1: number) => number[]): void {
    const spec = JOB_KINDS[kind];
    const share = (p: number) => [Math.floor((batch * p) / parts), Math.floor((batch * (p + 1)) / parts)];
    if (parts > 1) {
      Atomics.store(this.ctl, 1, 0);
      for (let t = 0; t < this.workers.length; t++) {
        const [n0, n1] = t + 1 < parts ? share(t + 1) : [0, 0];
        const job = [spec.kind, ...argsOf(t + 1, n0, n1)];
        for (let i = 0; i < job.length; i++) Atomics.store(this.ctl, JOB_BASE + JOB_WORDS * t + i, job[i]);
      }
      Atomics.add(this.ctl, 0, 1);
      Atomics.notify(this.ctl, 0);
    }
    const [n0, n1] = share(0);
    const args = argsOf(0, n0, n1);
    (this.k[spec.fn] as (...a: number[]) => void)(...args);
    if (parts > 1) {
      for (;;) {
        const done = Atomics.load(this.ctl, 1);
        if (done >= this.workers.length) break;
        if (this.canBlock) Atomics.wait(this.ctl, 1, done, 1000);
      }
    }
  }

  /** The kernels' exports, for the other kernel files of this folder. */
  get exports(): Exports { return this.k; }

  /** Grows the kernels' memory to at least `bytes` and returns a float view of all of it (valid until the next growth). */
  reserve(bytes: number): Float32Array {
    this.ensure(bytes);
    return new Float32Array(this.memory.buffer);
  }

  /** out[c] = Σ_r x[r·cols + c] for a [rows, cols] float32 array (the bias gradient), on the calling thread. */
  columnSums(x: Float32Array, cols: number): Float32Array {
    this.calls++;
    const rows = x.length / cols;
    const xOff = CONTROL_BYTES, dstOff = align(xOff + x.length * 4), partOff = align(dstOff + cols * 4);
    this.ensure(partOff + cols * 4);
    new Float32Array(this.memory.buffer).set(x, xOff / 4);
    this.k.col_sum(xOff, dstOff, partOff, rows, cols);
    return new Float32Array(this.memory.buffer, dstOff, cols).slice();
  }

  /** Stops the worker threads (the instance keeps working on the calling thread alone afterwards is not supported). */
  dispose(): void {
    Atomics.store(this.ctl, 0, -1);
    Atomics.notify(this.ctl, 0);
    for (const w of this.workers) w.terminate();
  }
}

/** Rounds a byte offset up to a cache line. */
export const align = (bytes: number) => Math.ceil(bytes / 64) * 64;

function canAtomicsWait(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

let current: WasmConv | null = null;
let active = true;
let defaultCreateWorker: ((source: string) => WorkerLike) | undefined;

/**
 * How this environment starts worker threads for the kernels, when `prepareWasmConv` is not given
 * one (the training worker sets a Blob-URL factory; Node code may pass worker_threads).
 */
export function setWasmConvWorkerFactory(create: ((source: string) => WorkerLike) | undefined): void {
  defaultCreateWorker = create;
}
let currentStatus: WasmConvStatus = { ready: false, threads: 0, detail: 'not prepared' };

/** The prepared kernels, or null before `prepareWasmConv` has finished (or when it failed). */
export function wasmConv(): WasmConv | null {
  return active ? current : null;
}

/** Whether the prepared kernels are used (registerCourseKernels sets it from its mode). */
export function setWasmConvActive(on: boolean): void {
  active = on;
}

export function wasmConvStatus(): WasmConvStatus {
  return currentStatus;
}

/**
 * Compiles the course's WebAssembly kernels and starts `threads − 1` worker threads (when
 * SharedArrayBuffer and `createWorker` allow; otherwise one thread, said so in `detail`). Until it
 * resolves, and where WebAssembly SIMD is missing, the kernels fall back to the XNNPACK-based ones.
 * Calling it again replaces the previous pool.
 */
export async function prepareWasmConv(options: WasmConvOptions = {}): Promise<WasmConvStatus> {
  const wanted = Math.max(1, Math.floor(options.threads ?? 1));
  current?.dispose();
  current = null;
  const createWorker = options.createWorker ?? defaultCreateWorker;
  const shared = wanted > 1 && createWorker !== undefined && typeof SharedArrayBuffer !== 'undefined';
  const relaxedBytes = decode(shared ? CONV_GRAD_WASM.sharedRelaxed : CONV_GRAD_WASM.plainRelaxed);
  const relaxed = options.relaxed ?? WebAssembly.validate(relaxedBytes);
  const bytes = relaxed ? relaxedBytes : decode(shared ? CONV_GRAD_WASM.shared : CONV_GRAD_WASM.plain);
  if (!WebAssembly.validate(bytes)) {
    currentStatus = { ready: false, threads: 0, detail: 'this WebAssembly engine lacks SIMD: using the XNNPACK-based kernels' };
    return currentStatus;
  }
  const module = await WebAssembly.compile(bytes);
  const memory = shared
    ? new WebAssembly.Memory({ initial: 16, maximum: 32768, shared: true }) // at most 2 GiB, reserved lazily
    : new WebAssembly.Memory({ initial: 16 });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const workers: WorkerLike[] = [];
  let detail = wanted > 1 && !shared ? 'one thread (no SharedArrayBuffer or no way to start workers)' : '';
  if (shared) {
    const ctl = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
    try {
      for (let t = 0; t < wanted - 1; t++) {
        const w = createWorker!(WORKER_SOURCE);
        workers.push(w);
        w.postMessage({ module, memory, index: t });
      }
      const deadline = Date.now() + 20_000;
      while (Atomics.load(ctl, 2) < workers.length) {
        if (Date.now() > deadline) throw new CourseError('The kernel worker threads did not start within 20 s.');
        await new Promise((ok) => setTimeout(ok, 5));
      }
    } catch (error) {
      Atomics.store(ctl, 0, -1);
      Atomics.notify(ctl, 0);
      for (const w of workers) w.terminate();
      workers.length = 0;
      detail = `one thread (workers failed: ${error instanceof Error ? error.message : String(error)})`;
    }
  }
  current = new WasmConv(memory, instance.exports as unknown as Exports, workers);
  const kind = relaxed ? 'SIMD with relaxed fused multiply-add' : 'SIMD';
  currentStatus = { ready: true, threads: current.threads, relaxed, detail: `${kind}, ${detail || `${current.threads} thread${current.threads > 1 ? 's' : ''}`}` };
  return currentStatus;
}

/** Stops the pool; the kernels fall back to the XNNPACK-based ones. */
export function disposeWasmConv(): void {
  current?.dispose();
  current = null;
  currentStatus = { ready: false, threads: 0, detail: 'disposed' };
}
