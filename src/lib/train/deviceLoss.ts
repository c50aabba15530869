import * as tf from '@tensorflow/tfjs';
import { TrainingError } from '../errors';

/** The graphics device went away during training (WebGL context lost, WebGPU device lost or destroyed). */
export class DeviceLostError extends TrainingError {
  /** Epochs completed (and checkpointed, where the run saves checkpoints) before the loss. */
  readonly epochsCompleted: number;
  constructor(message: string, hint: string, epochsCompleted: number) {
    super(message, hint);
    // Spelled out: a minified build renames classes, and the page recognises this error by its name.
    this.name = 'DeviceLostError';
    this.epochsCompleted = epochsCompleted;
  }
}

/** Watches the active GPU backend for the loss of its device; `lost` holds a description once it happened. */
export interface DeviceWatch {
  readonly lost: string | null;
  /** Resolves with the description when the device is lost; never, for backends without one. */
  readonly whenLost: Promise<string>;
  /** True when the backend has a device to lose (and it is being watched). */
  readonly watching: boolean;
  dispose(): void;
}

/**
 * What was lost, when the watch reports a loss within `graceMs`; else null. A failed GPU call often
 * reports before the loss does (a WebGPU read-back rejects before `device.lost` settles).
 */
export async function lostWithin(watch: DeviceWatch, graceMs: number): Promise<string | null> {
  if (watch.lost !== null || !watch.watching) return watch.lost;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), graceMs)));
  try {
    return await Promise.race([watch.whenLost, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface WebglLike {
  isContextLost?(): boolean;
  canvas?: { addEventListener?: EventTarget['addEventListener']; removeEventListener?: EventTarget['removeEventListener'] };
}
interface WebgpuDeviceLike {
  lost?: Promise<{ reason?: string; message?: string }>;
}

/**
 * Starts watching the current backend (`tf.backend()`) when it is 'webgl' or 'webgpu'; for other
 * backends the watch never reports a loss. Reads the backends' internals (`gpgpu.gl`, `device`),
 * which tfjs 4.22 exposes on the backend objects.
 */
export function watchDevice(backendName: string): DeviceWatch {
  let lost: string | null = null;
  let resolveLost: (what: string) => void = () => {};
  const whenLost = new Promise<string>((resolve) => {
    resolveLost = resolve;
  });
  const markLost = (what: string) => {
    if (lost !== null) return;
    lost = what;
    resolveLost(what);
  };
  let dispose = () => {};
  let watching = false;
  const backend = tf.findBackend(backendName) as unknown as { gpgpu?: { gl?: WebglLike }; device?: WebgpuDeviceLike } | null;
  if (backendName === 'webgl' && backend?.gpgpu?.gl) {
    const gl = backend.gpgpu.gl;
    const onLost = () => markLost('the WebGL context was lost');
    gl.canvas?.addEventListener?.('webglcontextlost', onLost);
    watching = true;
    dispose = () => gl.canvas?.removeEventListener?.('webglcontextlost', onLost);
  } else if (backendName === 'webgpu' && backend?.device?.lost) {
    let active = true;
    backend.device.lost.then((info) => {
      if (active) markLost(`the WebGPU device was lost (${[info?.reason, info?.message].filter(Boolean).join(': ') || 'no reason given'})`);
    }, () => undefined);
    watching = true;
    dispose = () => {
      active = false;
    };
  }
  const gl = backendName === 'webgl' ? backend?.gpgpu?.gl : undefined;
  return {
    get lost() {
      if (lost === null && gl?.isContextLost?.() === true) markLost('the WebGL context was lost');
      return lost;
    },
    whenLost,
    watching,
    dispose: () => dispose(),
  };
}

/** The error a run ends with when its device was lost: what happened, how far it got, what to do. */
export function deviceLostError(what: string, backendName: string, epochsCompleted: number, saved: boolean): DeviceLostError {
  const progress = epochsCompleted === 0
    ? 'No epoch had finished yet.'
    : `${epochsCompleted} epoch${epochsCompleted === 1 ? '' : 's'} had finished${saved ? ' and the last one is saved' : ''}.`;
  return new DeviceLostError(
    `Training on ${backendName} stopped: ${what} (the browser or the graphics driver took the GPU away). ${progress}`,
    saved && epochsCompleted > 0
      ? 'Switch the backend to WebAssembly and continue from the saved epoch, or reload the page to try the GPU again.'
      : 'Switch the backend to WebAssembly and train again, or reload the page to try the GPU again.',
    epochsCompleted,
  );
}
