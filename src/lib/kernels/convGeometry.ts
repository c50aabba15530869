import { backend_util } from '@tensorflow/tfjs';
import { SettingsError } from '../errors';

type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;

/** The forward convolution's geometry, resolved to explicit numbers (NHWC, dilation 1). */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

/** Resolves the forward conv of `xShape` [N,H,W,Ci] with `filterShape` [kh,kw,Ci,Co]; throws for NCHW. */
export function resolveConvGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: [number, number] | number,
  pad: Pad,
  dataFormat: string | undefined,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): ConvGeometry {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new SettingsError(
      `The course's convolution gradients support dataFormat 'NHWC' only, but got '${dataFormat}'.`,
      "Build models with the default channels-last layout.",
    );
  }
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides, 1, pad, dimRoundingMode, false, 'channelsLast',
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padBottom: info.padInfo.bottom,
    padLeft: info.padInfo.left,
    padRight: info.padInfo.right,
  };
}
