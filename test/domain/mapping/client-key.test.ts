import { describe, expect, it } from 'vitest';
import { accountIdFor, clientKey, slugOf, uniqueSlug } from '../../../src/domain/mapping/client-key.ts';

describe('client keys and account ids', () => {
  it('names a client by its normalised company name', () => {
    expect(clientKey('Contoso Ltd.')).toBe('contoso');
    expect(clientKey('  Contoso Limited ')).toBe('contoso');
    expect(clientKey('Fabrikam & Sons, Inc')).toBe('fabrikam and sons');
    expect(clientKey('株式会社')).toBe('株式会社');
  });

  it('slugs the normalised name into an id', () => {
    expect(slugOf('Fabrikam & Sons, Inc')).toBe('fabrikam-and-sons');
    expect(slugOf('Northwind Traders GmbH')).toBe('northwind-traders');
    expect(slugOf('Café Müller')).toBe('cafe-muller');
    expect(slugOf('株式会社')).toBe('client');
    expect(slugOf(`${'a'.repeat(59)} b`)).toBe('a'.repeat(59));
  });

  it('keeps ids unique within the organization', () => {
    expect(uniqueSlug('contoso', new Set())).toBe('contoso');
    expect(uniqueSlug('contoso', new Set(['contoso', 'contoso-2']))).toBe('contoso-3');
    expect(accountIdFor('Contoso Ltd', new Set(['contoso']))).toBe('contoso-2');
    expect(accountIdFor('Adatum Corporation', new Set(['contoso']))).toBe('adatum');
  });
});
