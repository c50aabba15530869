/**
 * Finding a top-level name in an HDF5 file without trusting it: links followed one by one, similar
 * names searched below the top level, and an error for every kind of entry that is not a dataset.
 */
import { DatasetFormatError } from '../errors';
import { tryHdf5 } from './h5wasmRuntime';
import type { OpenH5 } from './openH5Source';

/** How many top-level entries and deeper links the loader looks at, at most. */
const MAX_LISTED = 10_000;
const MAX_SEARCHED = 400;
const MAX_SEARCH_DEPTH = 4;
const MAX_LINK_HOPS = 16;

/** What a top-level name of the file is. */
export type Entry =
  | { kind: 'dataset'; path: string; linkTarget?: string }
  | { kind: 'group'; children: string[] }
  | { kind: 'datatype' }
  | { kind: 'missing' }
  | { kind: 'dangling'; target: string }
  | { kind: 'loop'; target: string }
  | { kind: 'external'; file: string; target: string }
  | { kind: 'unreadable'; reason: string };

/**
 * The top-level names of the file (at most MAX_LISTED, in HDF5's name order), without following any
 * link: for messages and summaries only; whether a given name exists is presentTopLevel's job.
 */
export function topLevelNames(open: OpenH5): string[] {
  const names = tryHdf5(() => open.runtime.module.get_names(open.file.file_id, '/', false));
  if (!names.ok) {
    throw new DatasetFormatError(
      `${open.label} opened, but its top-level group cannot be listed (${names.error.reason}); the file is probably damaged.`,
      'Download or copy the file again, or re-save it with h5py.',
    );
  }
  return names.value.slice(0, MAX_LISTED);
}

/**
 * Which of `names` exist at the top level (as any kind of link, even a dangling one), each looked up
 * directly: a file may hold more entries than topLevelNames lists, sorted before the lesson's names.
 */
export function presentTopLevel(open: OpenH5, names: readonly string[]): Set<string> {
  return new Set(names.filter((name) => lookupPath(open, `/${name}`).kind !== 'missing'));
}

function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}

function joinPath(base: string, target: string): string {
  if (target.startsWith('/')) return target;
  return `${base === '/' ? '' : base}/${target}`;
}

/**
 * Resolves one path link by link, deliberately: soft links are followed (at most MAX_LINK_HOPS),
 * loops and dangling links are named, external links are never followed.
 */
export function lookupPath(open: OpenH5, path: string): Entry {
  const module = open.runtime.module;
  const id = open.file.file_id;
  const seen = new Set<string>([path]);
  let current = path;
  let linked: string | undefined;
  for (let hop = 0; ; hop++) {
    const external = tryHdf5(() => module.get_external_link(id, current));
    if (!external.ok) {
      if (linked) return { kind: 'dangling', target: linked };
      return /doesn't exist|not found|name not defined/i.test(external.error.diagnostics) ? { kind: 'missing' } : { kind: 'unreadable', reason: external.error.reason };
    }
    if (external.value.filename) return { kind: 'external', file: external.value.filename, target: external.value.obj_path };
    const soft = tryHdf5(() => module.get_symbolic_link(id, current));
    if (!soft.ok) return { kind: 'unreadable', reason: soft.error.reason };
    if (soft.value === null || soft.value === undefined) break;
    const target = joinPath(parentOf(current), soft.value);
    if (seen.has(target) || hop >= MAX_LINK_HOPS) return { kind: 'loop', target: soft.value };
    seen.add(target);
    linked = soft.value;
    current = target;
  }
  const type = tryHdf5(() => module.get_type(id, current));
  if (!type.ok) {
    if (type.error.mentions(/too many (soft )?links/i)) return { kind: 'loop', target: linked ?? current };
    return { kind: 'unreadable', reason: type.error.reason };
  }
  if (type.value === module.H5G_DATASET) return { kind: 'dataset', path: current, ...(linked ? { linkTarget: linked } : {}) };
  if (type.value === module.H5G_GROUP) {
    const children = tryHdf5(() => module.get_names(id, current, false));
    return { kind: 'group', children: children.ok ? children.value.slice(0, MAX_LISTED) : [] };
  }
  if (type.value === module.H5G_TYPE) return { kind: 'datatype' };
  if (type.value === module.H5G_LINK) return { kind: 'dangling', target: linked ?? current };
  if (type.value === module.H5G_UDLINK) return { kind: 'external', file: '?', target: current };
  return linked ? { kind: 'dangling', target: linked } : { kind: 'missing' };
}

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function looksLike(name: string, wanted: string): boolean {
  const a = squash(name);
  const b = squash(wanted);
  const split = /^(train|val|test)(x|y)$/.exec(b);
  if (a === b) return true;
  if (!split) return false;
  const [, part, axis] = split;
  const partNames = part === 'val' ? ['val', 'valid', 'validation'] : [part];
  const axisNames = axis === 'x' ? ['x', 'images', 'image', 'img'] : ['y', 'masks', 'mask', 'labels', 'label', 'targets', 'target'];
  return partNames.some((p) => axisNames.some((x) => a === p + x || a === x + p));
}

/**
 * Where names like `wanted` sit below the top level: a breadth-first search that looks at no more than
 * MAX_SEARCHED links, MAX_SEARCH_DEPTH levels deep, and never follows soft or external links.
 */
export function findSimilarDeeper(open: OpenH5, wanted: readonly string[], topLevel: readonly string[]): string[] {
  const module = open.runtime.module;
  const id = open.file.file_id;
  const found: string[] = [];
  let examined = 0;
  let level = topLevel.map((name) => `/${name}`);
  for (let depth = 1; depth <= MAX_SEARCH_DEPTH && level.length > 0 && examined < MAX_SEARCHED; depth++) {
    const next: string[] = [];
    for (const path of level) {
      if (examined++ >= MAX_SEARCHED) break;
      const name = path.slice(path.lastIndexOf('/') + 1);
      if (depth > 1 && wanted.some((w) => looksLike(name, w))) found.push(path.slice(1));
      // Only plain (hard-linked) groups are descended into.
      const external = tryHdf5(() => module.get_external_link(id, path));
      if (!external.ok || external.value.filename) continue;
      const soft = tryHdf5(() => module.get_symbolic_link(id, path));
      if (!soft.ok || soft.value) continue;
      const type = tryHdf5(() => module.get_type(id, path));
      if (!type.ok || type.value !== module.H5G_GROUP) continue;
      const children = tryHdf5(() => module.get_names(id, path, false));
      if (children.ok) for (const child of children.value.slice(0, MAX_SEARCHED)) next.push(`${path}/${child}`);
    }
    level = next;
  }
  return found.slice(0, 8);
}

/** Explains why a top-level name is not a dataset the lesson can read. */
export function entryError(name: string, entry: Entry, label: string): DatasetFormatError {
  switch (entry.kind) {
    case 'group': {
      const inside = entry.children.length > 0 ? `, containing ${entry.children.slice(0, 6).join(', ')}${entry.children.length > 6 ? ', …' : ''}` : ', an empty one';
      return new DatasetFormatError(
        `Expected ${name} to be a dataset, but it is a group${inside}.`,
        `Store the array itself at the top level, for example with h5py: data = f["${name}/${entry.children[0] ?? 'images'}"][()]; del f["${name}"]; f["${name}"] = data.`,
      );
    }
    case 'datatype':
      return new DatasetFormatError(`Expected ${name} to be a dataset, but it is a named datatype (a type definition, with no values).`, `Store the array itself under the name ${name}.`);
    case 'dangling':
      return new DatasetFormatError(
        `${label.replace(/^The file/, 'The file')}'s ${name} is a soft link to ${entry.target}, which does not exist (a dangling link).`,
        `Point the link at a dataset that exists, or store the array itself: del f["${name}"]; f["${name}"] = images.`,
      );
    case 'loop':
      return new DatasetFormatError(
        `${name} is a soft link that never reaches a dataset: it loops (through ${entry.target}).`,
        `Replace the link with the array itself: del f["${name}"]; f["${name}"] = images.`,
      );
    case 'external':
      return new DatasetFormatError(
        `${name} is an external link to ${entry.target} in another file (${entry.file}); the course reads one self-contained file and does not follow links into other files.`,
        `Copy the data into this file, for example with h5py: data = h5py.File("${entry.file}")["${entry.target.replace(/^\//, '')}"][()]; del f["${name}"]; f["${name}"] = data.`,
      );
    case 'unreadable':
      return new DatasetFormatError(`${name} cannot be looked up (${entry.reason}); the file is probably damaged.`, 'Download or copy the file again, or re-save it with h5py.');
    default:
      return new DatasetFormatError(`${label} has no dataset ${name}.`, `Store the array under the name ${name}.`);
  }
}
