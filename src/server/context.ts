import { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import { type ZodTypeProvider } from 'fastify-type-provider-zod';
import { type PartnerCenterPort } from '../app/provisioning/run-provisioning.ts';
import { type Access } from '../domain/access/roles.ts';
import { CalendarDate } from '../domain/calendar/date.ts';
import { type Store } from '../store/store.ts';
import { type ImportJobs } from './import-jobs.ts';
import { type Principal, requireAccess } from './principal.ts';
import { type ViewCache } from './view-cache.ts';

/** What routes share: the store, the clock, and the settings of this deployment. */
export interface ServerContext {
  readonly store: Store;
  readonly now: () => Date;
  /** The MSP's name on quotes and in the portal. */
  readonly mspName: string;
  /** Where clients reach this server (quote links point here). */
  readonly publicUrl: string;
  /** The MSP's logo for the portal (a URL), when configured. */
  readonly logoUrl?: string;
  /** Shown on a quote when set (e.g. the MSP's card payment page). */
  readonly paymentLink?: string;
  /** Where uploaded files wait while they are imported. */
  readonly uploadsDir: string;
  readonly imports: ImportJobs;
  readonly views: ViewCache;
  /** Where accepted quotes are provisioned; without it a plan can only be previewed. */
  readonly partnerCenter?: {
    readonly port: PartnerCenterPort;
    /** Product name → catalog item id, for products bought or upgraded to. */
    readonly catalog: Readonly<Record<string, string>>;
  };
  /** Cookies only over HTTPS: true behind TLS (the default when publicUrl is https). */
  readonly secureCookies: boolean;
}

export type ServerApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** What the route needs; a route without it is public. */
    access?: Access;
  }
}

/** Today's date in UTC, for the business dates a request works with. */
export function todayOf(context: ServerContext): CalendarDate {
  return CalendarDate.parse(context.now().toISOString().slice(0, 10));
}

/** The principal a route's access check let through (routes with `access` always have one). */
export function principalOf(request: FastifyRequest): Principal {
  return requireAccess(request.principal, request.routeOptions.config.access ?? 'read');
}

export function sendPdf(reply: FastifyReply, bytes: Uint8Array, fileName: string): FastifyReply {
  return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName.replace(/[^A-Za-z0-9._-]+/g, '_')}"`).send(Buffer.from(bytes));
}
