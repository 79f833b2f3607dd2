import { createHash } from 'node:crypto';

/**
 * The demo's only source of chance: mulberry32, seeded, so one seed always
 * generates the same portfolio (no Math.random, no clock).
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [min, max], both included. */
  int(min: number, max: number): number {
    return max <= min ? min : min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** One of `choices`, each as likely as its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = choices.at(-1);
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** `n` distinct items of `items` in a random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const pool = [...items];
    const taken: T[] = [];
    while (taken.length < n && pool.length > 0) taken.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0] as T);
    return taken;
  }

  /** A lower-case hexadecimal string of `length` digits. */
  hex(length: number): string {
    let text = '';
    while (text.length < length) text += Math.floor(this.next() * 0x10000).toString(16).padStart(4, '0');
    return text.slice(0, length);
  }

  /**
   * A hexadecimal identifier that cannot be mistaken for a number in
   * scientific notation (`463682e07833`): importers expand those, taking them
   * for ids Excel mangled.
   */
  hexId(length: number): string {
    for (;;) {
      const id = this.hex(length);
      if (!/^\d+e\d+$/.test(id)) return id;
    }
  }

  /** A version-4-shaped GUID, as Microsoft writes tenant and subscription ids. */
  guid(): string {
    return guidOf(this.hex(32));
  }

  /** A number of exactly `length` digits (no leading zero). */
  digits(length: number): string {
    return String(this.int(1, 9)) + Array.from({ length: length - 1 }, () => String(this.int(0, 9))).join('');
  }
}

/** A GUID derived from a text (the same text, the same GUID): ids that must not depend on drawing order. */
export function hashGuid(text: string): string {
  return guidOf(createHash('sha1').update(text).digest('hex'));
}

function guidOf(hex: string): string {
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
