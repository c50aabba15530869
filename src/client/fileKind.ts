/** What a learner's file is, from its first bytes: the library's pure sniffing, for the page's pickers. */
export { FILE_KIND_HEAD_BYTES, notHdf5Advice, sniffFileKind, type FileKind } from '../lib/data/fileKind';
