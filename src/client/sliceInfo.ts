/** What the explorer says of a stored slice (its units, its patient): the library's pure helpers, for the UI. */
export { formatStored, storedRange, storedUnits, subjectOfSlice, type SliceSubject, type StoredUnits } from '../lib/data/sliceInfo';
