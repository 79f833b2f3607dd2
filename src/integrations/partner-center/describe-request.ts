import { type PartnerCenterRequest } from './model.ts';

/** One line for dry-run listings and error messages: `PATCH customers/c1/subscriptions/s1 quantity 10 → 12`. */
export function describeRequest(request: PartnerCenterRequest): string {
  const path = request.path.replace(/^\/v1\//, '');
  return request.summary ? `${request.method} ${path} ${request.summary}` : `${request.method} ${path}`;
}
