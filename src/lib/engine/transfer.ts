/**
 * Which arrays of a result the engine hands over to its caller. A worker can then move their
 * buffers to the page instead of copying them; arrays the engine keeps using are never marked,
 * so they are never detached.
 */
const handedOver = new WeakSet<ArrayBufferView>();

/** Marks arrays the caller will own (new arrays, not views into data the engine keeps); returns the first. */
export function handOver<T extends ArrayBufferView>(...arrays: [T, ...ArrayBufferView[]]): T {
  for (const array of arrays) handedOver.add(array);
  return arrays[0];
}

/** Buffers of the handed-over arrays among a result's own properties that can move: whole, non-shared buffers. */
export function transferablesOf(result: unknown): ArrayBuffer[] {
  if (result === null || typeof result !== 'object') return [];
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(result)) {
    if (!ArrayBuffer.isView(value) || !handedOver.has(value)) continue;
    const { buffer, byteOffset, byteLength } = value;
    if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) buffers.add(buffer);
  }
  return [...buffers];
}
