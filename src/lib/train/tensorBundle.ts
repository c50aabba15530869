import * as tf from '@tensorflow/tfjs';
import { DatasetFormatError } from '../errors';
import type { TensorBundle, TensorSpec } from './types';

/** Named tensor as returned by optimiser.getWeights() and model weights. */
export interface NamedTensorLike {
  name: string;
  tensor: tf.Tensor;
}

/** Copies named tensors into one ArrayBuffer plus specs (reads data synchronously; does not dispose the inputs). */
export function toTensorBundle(tensors: NamedTensorLike[]): TensorBundle {
  const specs: TensorSpec[] = [];
  let byteLength = 0;
  for (const { name, tensor } of tensors) {
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') {
      throw new DatasetFormatError(`Tensor "${name}" has dtype ${tensor.dtype}; checkpoints store float32 and int32 only.`);
    }
    const bytes = tensor.size * 4;
    specs.push({ name, shape: tensor.shape.slice(), dtype: tensor.dtype, offset: byteLength, byteLength: bytes });
    byteLength += bytes;
  }
  const data = new ArrayBuffer(byteLength);
  tensors.forEach(({ tensor }, i) => {
    const values = tensor.dataSync() as Float32Array | Int32Array;
    const Ctor = specs[i].dtype === 'int32' ? Int32Array : Float32Array;
    new Ctor(data, specs[i].offset, tensor.size).set(values);
  });
  return { specs, data };
}

/** Validates that every spec lies inside the buffer and has a size matching its shape; throws DatasetFormatError. */
export function assertTensorBundle(bundle: TensorBundle, what: string): void {
  for (const spec of bundle.specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (!spec.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new DatasetFormatError(`${what}: tensor "${spec.name}" has an invalid shape [${spec.shape.join(', ')}].`);
    }
    if (spec.byteLength !== size * 4 || spec.offset % 4 !== 0 || spec.offset + spec.byteLength > bundle.data.byteLength) {
      throw new DatasetFormatError(
        `${what}: tensor "${spec.name}" claims ${spec.byteLength} bytes at offset ${spec.offset}, but its shape needs ${size * 4} bytes and the buffer holds ${bundle.data.byteLength}.`,
        'The checkpoint is truncated or was not written by this course.',
      );
    }
  }
}

/** Creates tensors from a bundle; the caller owns (and must dispose) the returned tensors. */
export function fromTensorBundle(bundle: TensorBundle): NamedTensorLike[] {
  return bundle.specs.map((spec) => {
    const count = spec.byteLength / 4;
    const values =
      spec.dtype === 'int32'
        ? new Int32Array(bundle.data.slice(spec.offset, spec.offset + spec.byteLength), 0, count)
        : new Float32Array(bundle.data.slice(spec.offset, spec.offset + spec.byteLength), 0, count);
    return { name: spec.name, tensor: tf.tensor(values, spec.shape, spec.dtype) };
  });
}
