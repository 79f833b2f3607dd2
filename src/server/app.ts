import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyReply, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { type ServerApp, type ServerContext } from './context.ts';
import { errorBody, sendError } from './error-body.ts';
import { requireAccess, requireCsrf, resolvePrincipal } from './principal.ts';
import { registerRoutes } from './routes/index.ts';

/** `web/dist`: where `npm run build` puts the browser app. */
const WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Largest upload accepted (a year of a large MSP's reconciliation files fits). */
const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The HTTP API: every route validated with zod (the same schemas generate
 * /api/openapi.json), authenticated by a session cookie or a bearer token,
 * authorized by the route's `access`, and answered with `{"error": …}` on
 * any failure.
 */
export async function buildServer(context: ServerContext, options: FastifyServerOptions = {}): Promise<ServerApp> {
  const app = Fastify(options).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(sendError);
  const web = existsSync(join(WEB_ROOT, 'index.html'));
  app.setNotFoundHandler((request, reply) => {
    // The web app routes in the browser: any other page it links to is its index.html.
    if (web && request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html')) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'coterm API', version: '1', description: 'Renewals, co-terming, billing and leakage for Microsoft CSP resellers and MSPs.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'coterm_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  // The built web app (npm run build); without it the API still serves.
  if (web) await app.register(fastifyStatic, { root: WEB_ROOT, wildcard: true, index: 'index.html', maxAge: '1h', setHeaders: noCacheForIndex });

  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    request.principal = await resolvePrincipal(context.store, request).catch((error: unknown) => {
      if (access) throw error;
      return undefined;
    });
    if (!access) return;
    const principal = requireAccess(request.principal, access);
    if (!SAFE_METHODS.has(request.method)) requireCsrf(principal, request.headers['x-csrf-token']);
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  registerRoutes(app, context);
  return app;
}

/** Built assets carry a content hash and may be cached; the page that names them may not. */
function noCacheForIndex(reply: FastifyReply, path: string): void {
  if (path.endsWith('index.html')) reply.header('cache-control', 'no-cache');
}
