import { useEffect, useState } from 'react';
import { api } from './api.ts';

export interface Branding {
  readonly name: string;
  readonly logoUrl: string | null;
}

let cached: Promise<Branding> | undefined;

/** The MSP's name and logo, for the staff app and the client portal. */
export function useBranding(): Branding | undefined {
  const [branding, setBranding] = useState<Branding>();
  useEffect(() => {
    cached ??= api<Branding>('GET', '/api/branding');
    cached.then(setBranding, () => undefined);
  }, []);
  return branding;
}
