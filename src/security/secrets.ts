import { createHash, randomBytes } from 'node:crypto';

/**
 * A bearer secret (session cookie, API token, quote link): 256 random bits,
 * URL-safe, with a prefix that tells a leaked value's kind at a glance.
 */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** What is stored instead of a secret: knowing the table does not let anyone sign in. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
