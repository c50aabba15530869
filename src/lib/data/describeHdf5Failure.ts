/**
 * How an HDF5 failure reads to a learner: what is wrong with the file in plain words in the message,
 * and HDF5's own line (e.g. "truncated file: eof = 2000, sblock->base_addr = 0, stored_eof = 5212")
 * only at the end of the hint, for whoever reports the problem.
 */
import { formatCount } from '../format';

/** A refusal's words: message and hint, as a CourseError takes them. */
export interface FailureText {
  message: string;
  hint: string;
}

const TRUNCATED = /truncated file: eof = (\d+).*stored_eof = (\d+)/;

/** `hint` followed by HDF5's reason as a tail ("… (HDF5: …)"); the hint alone when there is no reason. */
export function withHdf5Detail(hint: string, reason: string): string {
  return reason ? `${hint} (HDF5: ${reason})` : hint;
}

/**
 * The refusal of a file that has the HDF5 signature but that HDF5 could not open (`reason`: HDF5's line,
 * '' when none). A truncation HDF5 measured is said with both sizes, in bytes; anything else as damage.
 */
export function describeOpenFailure(label: string, reason: string): FailureText {
  const hint = 'Download or copy the file again and check that its size matches the original.';
  const truncated = TRUNCATED.exec(reason);
  if (truncated) {
    const [, actual, expected] = truncated.map(Number);
    return {
      message: `${label} is truncated: it ends after ${formatCount(actual)} bytes, but its HDF5 header says it is ${formatCount(expected)} bytes long.`,
      hint: withHdf5Detail(hint, reason),
    };
  }
  return {
    message: `${label} starts like an HDF5 file but is damaged: it cannot be opened (it may be truncated or corrupted).`,
    hint: withHdf5Detail(hint, reason),
  };
}
