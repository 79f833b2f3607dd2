import { type FastifyReply } from 'fastify';
import { z } from 'zod';
import { kpiFeedCsv, kpiFeedRows, mrrMovementsCsv } from '../../app/metrics/kpi-feed.ts';
import { kpiReport, MAX_REPORT_MONTHS } from '../../app/metrics/kpi-report.ts';
import { principalOf, type ServerApp, type ServerContext, todayOf } from '../context.ts';
import { isoDate } from './portfolio.ts';

const reportQuery = z.object({
  asOf: isoDate.optional().describe('the report day (YYYY-MM-DD); today when absent'),
  months: z.coerce.number().int().min(1).max(MAX_REPORT_MONTHS).default(12).describe('the trailing window in months'),
});

export function metricsRoutes(app: ServerApp, context: ServerContext): void {
  const { store } = context;
  app.get(
    '/api/kpis',
    { config: { access: 'read' }, schema: { tags: ['kpis'], summary: 'The six KPIs with explanations, targets and trends; the MRR waterfall and each account\'s movement', querystring: reportQuery } },
    (request, reply) => {
      const principal = principalOf(request);
      const asOf = request.query.asOf ?? todayOf(context);
      const { months } = request.query;
      return context.views.send(reply, principal, `kpis ${asOf.toString()} ${months}`, () => kpiReport(store, principal.organizationId, { asOf, months }));
    },
  );
  app.get(
    '/api/kpis/feed.csv',
    { config: { access: 'read' }, schema: { tags: ['kpis'], summary: 'The KPIs as flat rows for a BI tool: period,kpi,value,unit,target,on_target', querystring: reportQuery } },
    async (request, reply) => {
      const asOf = request.query.asOf ?? todayOf(context);
      const report = await kpiReport(store, principalOf(request).organizationId, { asOf, months: request.query.months });
      return sendCsv(reply, kpiFeedCsv(kpiFeedRows(report)), `coterm-kpis-${report.asOf}.csv`);
    },
  );
  app.get(
    '/api/kpis/feed.json',
    { config: { access: 'read' }, schema: { tags: ['kpis'], summary: 'The KPIs as flat rows for a BI tool, as a JSON array', querystring: reportQuery } },
    async (request) => {
      const asOf = request.query.asOf ?? todayOf(context);
      return kpiFeedRows(await kpiReport(store, principalOf(request).organizationId, { asOf, months: request.query.months }));
    },
  );
  app.get(
    '/api/kpis/mrr-movements.csv',
    { config: { access: 'read' }, schema: { tags: ['kpis'], summary: "Each account's MRR at both ends of the window and its movement", querystring: reportQuery } },
    async (request, reply) => {
      const asOf = request.query.asOf ?? todayOf(context);
      const report = await kpiReport(store, principalOf(request).organizationId, { asOf, months: request.query.months });
      return sendCsv(reply, mrrMovementsCsv(report), `coterm-mrr-movements-${report.waterfall.from}-${report.asOf}.csv`);
    },
  );
}

function sendCsv(reply: FastifyReply, csv: string, fileName: string): FastifyReply {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(csv);
}
