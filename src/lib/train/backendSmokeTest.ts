import * as tf from '@tensorflow/tfjs';

/** Outcome of comparing a tiny convolution's gradients on two backends. */
export interface SmokeTestResult {
  backend: string;
  reference: string;
  passed: boolean;
  /** Largest |candidate − reference| over both gradients, divided by the largest |reference|. */
  maxRelativeError: number;
  /** Why it failed (an exception or a mismatch); empty when it passed. */
  detail: string;
}

/** Relative error above which a backend's gradients are not trusted (float32 on both sides). */
export const SMOKE_TEST_TOLERANCE = 1e-3;

const X_SHAPE: [number, number, number, number] = [2, 7, 7, 2];
const W_SHAPE: [number, number, number, number] = [3, 3, 2, 3];

function fill(count: number, scale: number, phase: number): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = Math.sin(scale * i + phase);
  return values;
}

/**
 * Gradients of sum(conv2d(x, w, stride 2, same)²) with respect to x and w, on the current backend,
 * read back as plain arrays (every tensor is disposed). Exercises the forward convolution and both
 * of its gradient kernels, which is where broken drivers and missing kernels show up.
 */
async function convolutionGradients(): Promise<Float32Array[]> {
  const x = tf.tensor4d(fill(X_SHAPE.reduce((a, b) => a * b), 0.37, 0.1), X_SHAPE);
  const w = tf.tensor4d(fill(W_SHAPE.reduce((a, b) => a * b), 0.23, 1.3), W_SHAPE);
  try {
    const gradients = tf.grads((xs: tf.Tensor, ws: tf.Tensor) =>
      tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, 2, 'same').square().sum(),
    )([x, w]);
    try {
      return (await Promise.all(gradients.map((g) => g.data()))) as Float32Array[];
    } finally {
      tf.dispose(gradients);
    }
  } finally {
    tf.dispose([x, w]);
  }
}

function maxRelativeError(candidate: Float32Array[], reference: Float32Array[]): number {
  let worst = 0;
  let scale = 0;
  reference.forEach((ref, k) => {
    for (let i = 0; i < ref.length; i++) {
      scale = Math.max(scale, Math.abs(ref[i]));
      const diff = Math.abs(candidate[k][i] - ref[i]);
      worst = Math.max(worst, Number.isNaN(diff) ? Infinity : diff);
    }
  });
  return scale > 0 ? worst / scale : worst;
}

/**
 * Computes a tiny convolution's gradients on `backend` and on `reference` (default cpu) and
 * compares them. Leaves `backend` active when it could be set, whatever the outcome. Never throws.
 */
export async function gradientSmokeTest(backend: string, reference = 'cpu'): Promise<SmokeTestResult> {
  const result: SmokeTestResult = { backend, reference, passed: false, maxRelativeError: Infinity, detail: '' };
  try {
    if (!(await tf.setBackend(reference))) throw new Error(`The reference backend '${reference}' could not start.`);
    const expected = await convolutionGradients();
    if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
      throw new Error(`The backend '${backend}' could not be set for the test.`);
    }
    const actual = await convolutionGradients();
    result.maxRelativeError = maxRelativeError(actual, expected);
    result.passed = result.maxRelativeError <= SMOKE_TEST_TOLERANCE;
    if (!result.passed) {
      result.detail = `Its convolution gradients differ from the ${reference} backend's by ${result.maxRelativeError.toExponential(2)} (relative), more than ${SMOKE_TEST_TOLERANCE}.`;
    }
  } catch (error) {
    result.detail = error instanceof Error ? error.message : String(error);
  }
  return result;
}
