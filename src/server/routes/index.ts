import { type ServerApp, type ServerContext } from '../context.ts';
import { authRoutes } from './auth.ts';
import { billingRoutes } from './billing.ts';
import { healthRoutes } from './health.ts';
import { importRoutes } from './imports.ts';
import { metricsRoutes } from './metrics.ts';
import { portalRoutes } from './portal.ts';
import { portfolioRoutes } from './portfolio.ts';
import { quoteRoutes } from './quotes.ts';
import { renewalRoutes } from './renewals.ts';
import { settingsRoutes } from './settings.ts';
import { userRoutes } from './users.ts';

export function registerRoutes(app: ServerApp, context: ServerContext): void {
  healthRoutes(app, context);
  authRoutes(app, context);
  userRoutes(app, context);
  portfolioRoutes(app, context);
  renewalRoutes(app, context);
  quoteRoutes(app, context);
  billingRoutes(app, context);
  metricsRoutes(app, context);
  importRoutes(app, context);
  portalRoutes(app, context);
  settingsRoutes(app, context);
}
