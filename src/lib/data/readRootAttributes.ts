/** The file's root attributes, read defensively as short strings and numbers. */
import { tryHdf5 } from './h5wasmRuntime';
import type { OpenH5 } from './openH5Source';

/** Longest attribute text kept (longer strings are shortened with "…"); attributes with more values are summarised. */
export const MAX_ATTRIBUTE_CHARS = 200;
const MAX_ATTRIBUTE_VALUES = 64;
const MAX_ATTRIBUTES = 100;

function shorten(text: string, limit = MAX_ATTRIBUTE_CHARS): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/**
 * Reads the file's root attributes as plain strings and numbers (short arrays become JSON text), each
 * shortened to MAX_ATTRIBUTE_CHARS; at most MAX_ATTRIBUTES of them, and large or unreadable ones summarised.
 */
export function readRootAttributes(open: OpenH5): Record<string, string | number> {
  const attributes: Record<string, string | number> = {};
  const names = tryHdf5(() => open.runtime.module.get_attribute_names(open.file.file_id, '/'));
  if (!names.ok) return attributes;
  const attrs = open.file.attrs;
  for (const name of names.value.slice(0, MAX_ATTRIBUTES)) {
    const attribute = tryHdf5(() => attrs[name]);
    if (!attribute.ok) {
      attributes[name] = '(unreadable)';
      continue;
    }
    const total = attribute.value.metadata.total_size;
    if (total > MAX_ATTRIBUTE_VALUES) {
      attributes[name] = `(${total.toLocaleString('en-US')} values, not shown)`;
      continue;
    }
    let value: unknown;
    try {
      value = tryHdf5(() => attribute.value.json_value);
    } catch {
      value = undefined;
    }
    const read = value as { ok: boolean; value?: unknown } | undefined;
    value = read?.ok ? read.value : undefined;
    if (Array.isArray(value) && value.length === 1 && (typeof value[0] === 'number' || typeof value[0] === 'string')) value = value[0];
    if (typeof value === 'number') attributes[name] = value;
    else if (typeof value === 'string') attributes[name] = shorten(value);
    else if (typeof value === 'boolean') attributes[name] = value ? 1 : 0;
    else if (typeof value === 'bigint') attributes[name] = Number(value);
    else if (value !== null && value !== undefined) {
      let text: string;
      try {
        text = JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
      } catch {
        text = '(not shown)';
      }
      attributes[name] = shorten(text);
    } else attributes[name] = `(${attribute.value.dtype ? 'a type the course does not show' : 'empty'})`;
  }
  return attributes;
}
