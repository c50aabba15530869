import { describe, expect, it } from 'vitest';
import { describeOutputSize, outputSize, sizeChain } from '../../src/lib/shapes';

describe('output sizes', () => {
  it('halves exactly with pad 1 then a 4×4 stride-2 valid convolution', () => {
    expect(sizeChain(128, [{ kind: 'zeroPad', pad: 1 }, { kind: 'conv', kernel: 4, stride: 2, padding: 'valid' }])).toEqual([128, 130, 64]);
  });
  it('doubles exactly with a 4×4 stride-2 transposed conv then a 3×3 valid conv', () => {
    expect(sizeChain(32, [
      { kind: 'convTranspose', kernel: 4, stride: 2, padding: 'valid' },
      { kind: 'conv', kernel: 3, stride: 1, padding: 'valid' },
    ])).toEqual([32, 66, 64]);
  });
  it('keeps the size with same padding and stride 1, rounds up with stride 2', () => {
    expect(outputSize(37, { kind: 'conv', kernel: 3, stride: 1, padding: 'same' })).toBe(37);
    expect(outputSize(37, { kind: 'conv', kernel: 3, stride: 2, padding: 'same' })).toBe(19);
    expect(outputSize(5, { kind: 'convTranspose', kernel: 3, stride: 2, padding: 'same' })).toBe(10);
  });
  it('floors odd valid sizes and explains the arithmetic', () => {
    expect(outputSize(129, { kind: 'conv', kernel: 4, stride: 2, padding: 'valid' })).toBe(63);
    expect(describeOutputSize(130, { kind: 'conv', kernel: 4, stride: 2, padding: 'valid' })).toBe('⌊(130 − 4) / 2⌋ + 1 = 64');
  });
  it('rejects impossible layers with a clear message', () => {
    expect(() => outputSize(2, { kind: 'conv', kernel: 3, stride: 1, padding: 'valid' })).toThrow(/at least 3 pixels/);
    expect(() => outputSize(8, { kind: 'conv', kernel: 3, stride: 0, padding: 'valid' })).toThrow(/stride of 1 or more/);
  });
});
