import { type PostingRequest, type PostingTarget, type SentRequest } from './model.ts';

export interface ConnectWiseCredentials {
  readonly companyId: string;
  readonly publicKey: string;
  readonly privateKey: string;
  /** The clientId ConnectWise issues to each integration. */
  readonly clientId: string;
}

export interface AutotaskCredentials {
  readonly integrationCode: string;
  readonly userName: string;
  readonly secret: string;
}

export interface BearerCredentials {
  readonly accessToken: string;
}

export interface XeroCredentials extends BearerCredentials {
  readonly tenantId: string;
}

export interface PostingCredentials {
  readonly connectwise?: ConnectWiseCredentials;
  readonly autotask?: AutotaskCredentials;
  readonly quickbooks?: BearerCredentials;
  readonly xero?: XeroCredentials;
}

/** A request ready for fetch, and the same request as a person may see it (secrets redacted). */
export interface WireRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly shown: SentRequest;
}

const REDACTED = '[redacted]';

/**
 * Dresses a posting's request the way its vendor expects: the vendor's
 * authentication headers and, where the vendor has one, its idempotency
 * mechanism (QuickBooks: the requestid query parameter; Xero: the
 * Idempotency-Key header; ConnectWise and Autotask have none).
 */
export function wireRequest(
  target: PostingTarget,
  idempotencyKey: string,
  request: PostingRequest,
  baseUrl: string,
  credentials: PostingCredentials[PostingTarget],
): WireRequest {
  let url = `${baseUrl.replace(/\/+$/, '')}${request.path}`;
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  const shownHeaders: Record<string, string> = { ...headers };
  const set = (name: string, value: string, shownValue: string = value): void => {
    headers[name] = value;
    shownHeaders[name] = shownValue;
  };
  switch (target) {
    case 'connectwise': {
      const c = credentials as ConnectWiseCredentials;
      set('Authorization', `Basic ${Buffer.from(`${c.companyId}+${c.publicKey}:${c.privateKey}`).toString('base64')}`, `Basic ${REDACTED}`);
      set('clientId', c.clientId);
      break;
    }
    case 'autotask': {
      const c = credentials as AutotaskCredentials;
      set('ApiIntegrationCode', c.integrationCode, REDACTED);
      set('UserName', c.userName);
      set('Secret', c.secret, REDACTED);
      break;
    }
    case 'quickbooks': {
      set('Authorization', `Bearer ${(credentials as BearerCredentials).accessToken}`, `Bearer ${REDACTED}`);
      url += `${url.includes('?') ? '&' : '?'}requestid=${encodeURIComponent(idempotencyKey)}`;
      break;
    }
    case 'xero': {
      const c = credentials as XeroCredentials;
      set('Authorization', `Bearer ${c.accessToken}`, `Bearer ${REDACTED}`);
      set('xero-tenant-id', c.tenantId);
      set('Idempotency-Key', idempotencyKey);
      break;
    }
  }
  return { url, headers, shown: { method: request.method, url, headers: shownHeaders, body: request.body, description: request.description } };
}

/** Stand-in credentials for a dry run without any configured: only their shape is shown. */
export const UNCONFIGURED_CREDENTIALS: Required<PostingCredentials> = {
  connectwise: { companyId: '[not configured]', publicKey: '[not configured]', privateKey: '[not configured]', clientId: '[not configured]' },
  autotask: { integrationCode: '[not configured]', userName: '[not configured]', secret: '[not configured]' },
  quickbooks: { accessToken: '[not configured]' },
  xero: { accessToken: '[not configured]', tenantId: '[not configured]' },
};
