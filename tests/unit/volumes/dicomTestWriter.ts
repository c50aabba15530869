/**
 * A tiny DICOM Part 10 writer for tests only: enough elements for a CT or MR slice, in implicit or
 * explicit VR little endian or the deflated syntax, so tests build their own series (no patient data,
 * nothing downloaded). Checked once by hand with pydicom (dcmread + pixel_array).
 */
import { deflateSync } from 'fflate';

export type DicomSyntax = 'implicit' | 'explicit' | 'deflated';

/** One element: tag as 0xGGGGEEEE; strings for text VRs, numbers for US/UL/SS, bytes for OB/OW. */
export interface TestElement {
  tag: number;
  vr: string;
  value: string | number[] | Uint8Array;
}

export const TRANSFER_SYNTAX: Record<DicomSyntax, string> = {
  implicit: '1.2.840.10008.1.2',
  explicit: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
};
const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const LONG_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'SQ', 'UC', 'UR', 'UT', 'UN', 'SV', 'UV']);

export interface SliceOptions {
  seriesUid: string;
  instanceNumber: number;
  /** ImagePositionPatient, LPS mm. */
  position: number[];
  /** ImageOrientationPatient: row direction, then column direction. */
  orientation?: number[];
  /** [between rows, between columns] mm. */
  pixelSpacing?: number[];
  rows: number;
  columns: number;
  /** Stored values, rows × columns, column index fastest. */
  stored: ArrayLike<number>;
  bitsAllocated?: 8 | 16 | 32;
  bitsStored?: number;
  signed?: boolean;
  modality?: string;
  description?: string;
  slope?: number;
  intercept?: number;
}

/** The elements of one greyscale slice (CT by default), sorted by tag. */
export function sliceElements(o: SliceOptions): TestElement[] {
  const bits = o.bitsAllocated ?? 16;
  const signed = o.signed ?? false;
  const sop = `1.2.826.0.1.3680043.9.7777.${o.seriesUid.split('.').pop()}.${o.instanceNumber}`;
  const elements: TestElement[] = [
    { tag: 0x00080016, vr: 'UI', value: CT_IMAGE_STORAGE },
    { tag: 0x00080018, vr: 'UI', value: sop },
    { tag: 0x00080060, vr: 'CS', value: o.modality ?? 'CT' },
    { tag: 0x0008103e, vr: 'LO', value: o.description ?? 'test series' },
    { tag: 0x00100010, vr: 'PN', value: 'Test^Phantom' },
    { tag: 0x00100020, vr: 'LO', value: 'TEST0001' },
    { tag: 0x0020000d, vr: 'UI', value: '1.2.826.0.1.3680043.9.7777.1' },
    { tag: 0x0020000e, vr: 'UI', value: o.seriesUid },
    { tag: 0x00200013, vr: 'IS', value: String(o.instanceNumber) },
    { tag: 0x00200032, vr: 'DS', value: o.position.map(ds).join('\\') },
    { tag: 0x00200037, vr: 'DS', value: (o.orientation ?? [1, 0, 0, 0, 1, 0]).map(ds).join('\\') },
    { tag: 0x00280002, vr: 'US', value: [1] },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: [o.rows] },
    { tag: 0x00280011, vr: 'US', value: [o.columns] },
    { tag: 0x00280030, vr: 'DS', value: (o.pixelSpacing ?? [1, 1]).map(ds).join('\\') },
    { tag: 0x00280100, vr: 'US', value: [bits] },
    { tag: 0x00280101, vr: 'US', value: [o.bitsStored ?? bits] },
    { tag: 0x00280102, vr: 'US', value: [(o.bitsStored ?? bits) - 1] },
    { tag: 0x00280103, vr: 'US', value: [signed ? 1 : 0] },
    { tag: 0x00281052, vr: 'DS', value: ds(o.intercept ?? 0) },
    { tag: 0x00281053, vr: 'DS', value: ds(o.slope ?? 1) },
    { tag: 0x7fe00010, vr: bits === 8 ? 'OB' : 'OW', value: pixelBytes(o.stored, bits, signed) },
  ];
  return elements;
}

/** A Part 10 file: preamble, "DICM", the meta header (explicit VR LE), then the data set in `syntax`. */
export function writeDicom(elements: TestElement[], options: { syntax?: DicomSyntax; transferSyntaxUid?: string; preamble?: boolean } = {}): Uint8Array {
  const syntax = options.syntax ?? 'explicit';
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  let body = concat(sorted.map((e) => encode(e, syntax !== 'implicit')));
  if (syntax === 'deflated') body = deflateSync(body);
  if (options.preamble === false) return body;
  const sopClass = sorted.find((e) => e.tag === 0x00080016)?.value as string | undefined;
  const sopInstance = sorted.find((e) => e.tag === 0x00080018)?.value as string | undefined;
  const metaRest = concat([
    encode({ tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) }, true),
    encode({ tag: 0x00020002, vr: 'UI', value: sopClass ?? CT_IMAGE_STORAGE }, true),
    encode({ tag: 0x00020003, vr: 'UI', value: sopInstance ?? '1.2.826.0.1.3680043.9.7777.0' }, true),
    encode({ tag: 0x00020010, vr: 'UI', value: options.transferSyntaxUid ?? TRANSFER_SYNTAX[syntax] }, true),
    encode({ tag: 0x00020012, vr: 'UI', value: '1.2.826.0.1.3680043.9.7777.99' }, true),
  ]);
  const groupLength = encode({ tag: 0x00020000, vr: 'UL', value: [metaRest.length] }, true);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, groupLength, metaRest, body]);
}

function encode(element: TestElement, explicit: boolean): Uint8Array {
  const value = valueBytes(element);
  const long = LONG_VRS.has(element.vr);
  const header = new Uint8Array(explicit ? (long ? 12 : 8) : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, element.tag >>> 16, true);
  view.setUint16(2, element.tag & 0xffff, true);
  if (!explicit) {
    view.setUint32(4, value.length, true);
  } else {
    header[4] = element.vr.charCodeAt(0);
    header[5] = element.vr.charCodeAt(1);
    if (long) view.setUint32(8, value.length, true);
    else view.setUint16(6, value.length, true);
  }
  return concat([header, value]);
}

/** The value's bytes, padded to even length (UI and OB with NUL, text with a space). */
function valueBytes({ vr, value }: TestElement): Uint8Array {
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) bytes = value;
  else if (typeof value === 'string') bytes = new TextEncoder().encode(value);
  else {
    const width = vr === 'UL' ? 4 : 2;
    bytes = new Uint8Array(value.length * width);
    const view = new DataView(bytes.buffer);
    value.forEach((v, i) => (width === 4 ? view.setUint32(i * 4, v, true) : vr === 'SS' ? view.setInt16(i * 2, v, true) : view.setUint16(i * 2, v, true)));
  }
  if (bytes.length % 2 === 0) return bytes;
  const padded = new Uint8Array(bytes.length + 1);
  padded.set(bytes);
  padded[bytes.length] = vr === 'UI' || vr === 'OB' || value instanceof Uint8Array ? 0 : 0x20;
  return padded;
}

function pixelBytes(stored: ArrayLike<number>, bits: number, signed: boolean): Uint8Array {
  const width = bits / 8;
  const bytes = new Uint8Array(stored.length * width);
  const view = new DataView(bytes.buffer);
  for (let p = 0; p < stored.length; p++) {
    const v = stored[p];
    if (width === 1) view.setUint8(p, v & 0xff);
    else if (width === 2 && signed) view.setInt16(p * 2, v, true);
    else if (width === 2) view.setUint16(p * 2, v, true);
    else if (signed) view.setInt32(p * 4, v, true);
    else view.setUint32(p * 4, v, true);
  }
  return bytes;
}

/** A decimal string of at most 16 characters, as DS allows. */
function ds(value: number): string {
  const text = String(Number(value.toPrecision(10)));
  return text.length <= 16 ? text : value.toExponential(8);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
