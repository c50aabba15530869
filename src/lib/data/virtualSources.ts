/**
 * Virtual datasets (HDF5 VDS): which ones the loader reads, and why it refuses the others. HDF5 reads
 * a VDS by opening each source; a source it cannot open silently reads as the fill value, so every
 * source is checked here before a value is read.
 */
import { tryHdf5 } from './h5wasmRuntime';
import { lookupPath } from './lookupPath';
import type { OpenH5 } from './openH5Source';
import { AVAILABLE_FILTERS, classifyStoredType, filterName, type DatasetMetadata } from './storedArrayInfo';

/** The file name HDF5 gives a source that sits in the same file as the virtual dataset. */
const SAME_FILE = '.';

/** Why a dataset's values cannot be read, and what to do about it. */
export interface ArrayProblem {
  message: string;
  hint: string;
}

type VirtualSource = NonNullable<DatasetMetadata['virtual_sources']>[number];

function selfContainedHint(name: string): string {
  return `Make a self-contained copy, for example with h5py: data = f["${name}"][()]; then write data into a new file (or run h5repack).`;
}

/** The first reason one same-file source cannot be read as it is, or null when it can. */
function sourceProblem(open: OpenH5, name: string, source: VirtualSource): ArrayProblem | null {
  const module = open.runtime.module;
  const path = source.dset_name.startsWith('/') ? source.dset_name : `/${source.dset_name}`;
  const fix = selfContainedHint(name);
  const entry = lookupPath(open, path);
  if (entry.kind !== 'dataset') {
    const what = entry.kind === 'missing' ? 'does not exist' : `is not a dataset (${entry.kind === 'group' ? 'a group' : `a ${entry.kind} entry`})`;
    return { message: `${name} is a virtual dataset whose source ${path} (in this file) ${what}, so HDF5 would read only its fill value there.`, hint: `Point the virtual dataset at an existing dataset, or store the array itself under ${name}.` };
  }
  const metadata = tryHdf5(() => module.get_dataset_metadata(open.file.file_id, entry.path));
  if (!metadata.ok) {
    return { message: `${name} is a virtual dataset whose source ${path} cannot be described (${metadata.error.reason}); the file is probably damaged.`, hint: fix };
  }
  // A source that is itself virtual could lead back to the dataset being read (a loop); one level is enough.
  if ((metadata.value.virtual_sources ?? []).length > 0) {
    return { message: `${name} is a virtual dataset whose source ${path} is virtual too; the course reads only one level of virtual datasets.`, hint: fix };
  }
  if (!classifyStoredType(metadata.value).supported) {
    return { message: `${name} is a virtual dataset whose source ${path} holds values the course cannot read (${classifyStoredType(metadata.value).dtype}).`, hint: fix };
  }
  const filters = tryHdf5(() => module.get_dataset_filters(open.file.file_id, entry.path));
  const unavailable = filters.ok ? filters.value.filter((f) => !(f.id in AVAILABLE_FILTERS)) : [];
  if (!filters.ok || unavailable.length > 0) {
    const why = filters.ok ? `is compressed with ${unavailable.map(filterName).join(', ')}, which this reader does not include` : `has a filter pipeline that cannot be read (${filters.error.reason})`;
    return { message: `${name} is a virtual dataset whose source ${path} ${why}.`, hint: fix };
  }
  return null;
}

/**
 * Checks a virtual dataset's sources: null when every source is a plain, readable dataset in the same
 * file (HDF5 names that file "."), so the values can be read; otherwise the problem, naming the virtual
 * dataset and its first source that another file holds or that cannot be read.
 */
export function virtualSourcesProblem(open: OpenH5, name: string, sources: readonly VirtualSource[]): ArrayProblem | null {
  const elsewhere = sources.filter((s) => s.file_name !== SAME_FILE);
  if (elsewhere.length > 0) {
    const listed = elsewhere.slice(0, 3).map((s) => `${s.file_name}:${s.dset_name}`).join(', ');
    return {
      message: `${name} is a virtual dataset: its values come from other files (${listed}${elsewhere.length > 3 ? ', …' : ''}), which the course does not open.`,
      hint: selfContainedHint(name),
    };
  }
  const checked = new Set<string>();
  for (const source of sources) {
    if (checked.has(source.dset_name)) continue;
    checked.add(source.dset_name);
    const problem = sourceProblem(open, name, source);
    if (problem) return problem;
  }
  return null;
}
