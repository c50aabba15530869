import { describe, expect, it } from 'vitest';
import { describeOpenFailure, withHdf5Detail } from '../../../src/lib/data/describeHdf5Failure';

describe('describeOpenFailure', () => {
  it('says a truncation in bytes and keeps HDF5 field names out of the message', () => {
    const reason = 'truncated file: eof = 2184, sblock->base_addr = 0, stored_eof = 4368';
    const { message, hint } = describeOpenFailure('The file cut.h5', reason);
    expect(message).toBe('The file cut.h5 is truncated: it ends after 2,184 bytes, but its HDF5 header says it is 4,368 bytes long.');
    expect(hint.endsWith(`(HDF5: ${reason})`)).toBe(true);
  });

  it('calls any other failure damage, with HDF5 reason in the hint only when there is one', () => {
    const damaged = describeOpenFailure('The file x.h5', 'bad byte number in an address');
    expect(damaged.message).toBe('The file x.h5 starts like an HDF5 file but is damaged: it cannot be opened (it may be truncated or corrupted).');
    expect(damaged.message).not.toContain('address');
    expect(damaged.hint).toMatch(/\(HDF5: bad byte number in an address\)$/);
    expect(describeOpenFailure('The file', '').hint).not.toContain('HDF5:');
  });
});

describe('withHdf5Detail', () => {
  it('adds the reason as a tail, or nothing', () => {
    expect(withHdf5Detail('Try again.', 'oops')).toBe('Try again. (HDF5: oops)');
    expect(withHdf5Detail('Try again.', '')).toBe('Try again.');
  });
});
