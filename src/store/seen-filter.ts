/**
 * A fixed-size bitmap answering "possibly seen before" for hashed keys: a
 * miss is certain, a hit may be a collision and must be checked. Its memory
 * does not grow with the number of keys, so a million-row import stays flat.
 */
export class SeenFilter {
  private readonly bits: Uint8Array;
  private readonly mask: number;

  /** `log2Size` bits of the hash are used: 2^log2Size bits of memory. */
  constructor(log2Size = 26) {
    this.bits = new Uint8Array(2 ** (log2Size - 3));
    this.mask = 2 ** log2Size - 1;
  }

  /** Records the key; returns whether it may have been recorded before. */
  add(hash: number): boolean {
    const bit = hash & this.mask;
    const byte = bit >>> 3;
    const flag = 1 << (bit & 7);
    const seen = ((this.bits[byte] ?? 0) & flag) !== 0;
    this.bits[byte] = (this.bits[byte] ?? 0) | flag;
    return seen;
  }
}
