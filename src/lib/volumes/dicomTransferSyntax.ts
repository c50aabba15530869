import { DatasetFormatError } from '../errors';

/** Transfer syntaxes whose pixel data this reader takes as it is stored (little endian, not encapsulated). */
export const READABLE_TRANSFER_SYNTAXES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2': 'Implicit VR little endian',
  '1.2.840.10008.1.2.1': 'Explicit VR little endian',
  '1.2.840.10008.1.2.1.99': 'Deflated explicit VR little endian',
};

/**
 * Names of the transfer syntaxes a learner is likely to meet that this reader refuses, so the refusal
 * says what the file holds instead of a bare UID. Compressed pixels would need a codec package (the
 * cornerstone codecs or dcm2niix in WebAssembly), heavy for a course page: exporting uncompressed is one
 * command for whoever holds the files.
 */
const REFUSED_TRANSFER_SYNTAXES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.2': 'Explicit VR big endian (retired)',
  '1.2.840.10008.1.2.1.98': 'Encapsulated uncompressed explicit VR little endian',
  '1.2.840.10008.1.2.4.50': 'JPEG baseline (process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG extended (process 2 and 4)',
  '1.2.840.10008.1.2.4.57': 'JPEG lossless (process 14)',
  '1.2.840.10008.1.2.4.70': 'JPEG lossless (process 14, first-order prediction)',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS near-lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 part 2 multi-component lossless',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 part 2 multi-component',
  '1.2.840.10008.1.2.4.94': 'JPIP referenced',
  '1.2.840.10008.1.2.4.95': 'JPIP referenced deflate',
  '1.2.840.10008.1.2.4.100': 'MPEG-2 video',
  '1.2.840.10008.1.2.4.101': 'MPEG-2 video (high profile)',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible video',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 AVC/H.264 video for 2-D',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 AVC/H.264 video for 3-D',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 AVC/H.264 stereo video',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 video',
  '1.2.840.10008.1.2.4.108': 'HEVC/H.265 main 10 video',
  '1.2.840.10008.1.2.4.201': 'HTJ2K lossless',
  '1.2.840.10008.1.2.4.202': 'HTJ2K lossless (RPCL)',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
  '1.2.840.10008.1.2.5': 'RLE lossless',
};

/** A readable name for a transfer syntax UID ("JPEG 2000 lossless"), or the UID's own text when unknown. */
export function transferSyntaxName(uid: string): string {
  return READABLE_TRANSFER_SYNTAXES[uid] ?? REFUSED_TRANSFER_SYNTAXES[uid] ?? `Transfer syntax ${uid}`;
}

/** Throws a DatasetFormatError naming the file and the syntax unless its pixels can be read as stored. */
export function assertReadableTransferSyntax(uid: string, fileName: string): void {
  if (READABLE_TRANSFER_SYNTAXES[uid] !== undefined) return;
  const known = REFUSED_TRANSFER_SYNTAXES[uid] !== undefined;
  throw new DatasetFormatError(
    `${fileName}: ${transferSyntaxName(uid)} (${uid}) is not supported: the course reads uncompressed little-endian DICOM ` +
      `(implicit or explicit VR, or deflated)${known ? '' : ', and does not know this transfer syntax'}.`,
    'Export the series uncompressed, e.g. with dcmdjpeg (DCMTK) or gdcmconv --raw, or convert it to NIfTI with dcm2niix and load the .nii.gz.',
  );
}
