/** The HDF5 picker's first look at a file: a scan (NIfTI, DICOM) is sent to "Bring your own scan" by name. */
import { CourseError } from '../../../lib/errors';
import { FILE_KIND_HEAD_BYTES, notHdf5Advice, sniffFileKind } from '../../../client/fileKind';

/**
 * Throws a CourseError naming the file's kind when `file` is a NIfTI volume or a DICOM slice: the HDF5
 * loader cannot read it, and the learner is told where it goes instead. Other kinds go on to the loader,
 * which names them in its own "not HDF5" message.
 */
export async function refuseScanFile(file: Blob & { name: string }): Promise<void> {
  const head = new Uint8Array(await file.slice(0, FILE_KIND_HEAD_BYTES).arrayBuffer());
  const kind = sniffFileKind(head, file.name);
  if (!kind?.volume) return;
  throw new CourseError(`${file.name} is ${kind.description}, not an HDF5 lesson file: use Bring your own scan below.`, notHdf5Advice(kind));
}
