import { z } from 'zod';
import { NotFoundError } from '../../app/errors.ts';
import { generatePack } from '../../app/renewals/generate-pack.ts';
import { listRenewals } from '../../app/renewals/list-renewals.ts';
import { renderRenewalPackPdf } from '../../documents/renewal-pack-pdf.ts';
import { TASK_KINDS, type TaskKind } from '../../domain/renewal/policy.ts';
import { RENEWAL_STAGES, type RenewalStage } from '../../domain/renewal/stages.ts';
import { cadenceStore } from '../../store/cadence-store.ts';
import { loadPack } from '../../store/pack-records.ts';
import { changeRenewalStage, completeRenewalTask } from '../../store/renewal-updates.ts';
import { listTasks } from '../../store/task-list.ts';
import { principalOf, sendPdf, type ServerApp, type ServerContext, todayOf } from '../context.ts';
import { pageQuery, paginate } from '../pagination.ts';
import { isoDate } from './portfolio.ts';

const renewalParams = z.object({ id: z.string().min(1) });
const stageSchema = z.enum(RENEWAL_STAGES as [RenewalStage, ...RenewalStage[]]);

export function renewalRoutes(app: ServerApp, context: ServerContext): void {
  const { store } = context;
  app.get(
    '/api/renewals',
    {
      config: { access: 'read' },
      schema: {
        tags: ['renewals'],
        summary: 'The renewal board: every renewal in the window with value, health, stage, next action, owner and SLA',
        querystring: pageQuery.extend({
          within: z.coerce.number().int().min(1).max(1095).default(120),
          asOf: isoDate.optional(),
          owner: z.string().optional(),
          health: z.enum(['green', 'amber', 'red']).optional(),
          stage: z.string().optional(),
          accountId: z.string().optional(),
        }),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { within, owner, health, stage, accountId } = request.query;
      const asOf = request.query.asOf ?? todayOf(context);
      const filter = { ...(owner ? { owner } : {}), ...(health ? { health } : {}), ...(stage ? { stage } : {}) };
      return context.views.send(reply, principal, `${asOf.toString()} ${request.url}`, async () => {
        const rows = await cadenceStore(store, principal.organizationId).transaction((session) => listRenewals(session, asOf, within, filter));
        const shown = accountId ? rows.filter((row) => row.accountId === accountId) : rows;
        return paginate(shown, request.query, {
          date: (row) => row.date,
          account: (row) => row.accountName,
          annualValue: (row) => Number(row.annualValue),
          health: (row) => row.health.score,
          stage: (row) => row.stage,
          owner: (row) => row.owner,
        });
      });
    },
  );
  app.patch(
    '/api/renewals/:id',
    {
      config: { access: 'renewals' },
      schema: { tags: ['renewals'], summary: 'Move a renewal to a stage (won and lost close it)', params: renewalParams, body: z.object({ stage: stageSchema, on: isoDate.optional(), reason: z.string().optional() }) },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const on = (request.body.on ?? todayOf(context)).toString();
      await store.transaction(({ db }) => changeRenewalStage(db, principal.organizationId, { renewalId: request.params.id, stage: request.body.stage, on, actor: principal.actor, reason: request.body.reason ?? null }));
      return reply.code(204).send();
    },
  );
  app.get('/api/renewals/:id/pack', { config: { access: 'read' }, schema: { tags: ['renewals'], summary: "A renewal's pack: the five elements and the three options", params: renewalParams } }, async (request) =>
    packOrNotFound(context, principalOf(request).organizationId, request.params.id),
  );
  app.post('/api/renewals/:id/pack', { config: { access: 'renewals' }, schema: { tags: ['renewals'], summary: 'Generate the pack now, before the cadence would at T-90', params: renewalParams } }, async (request, reply) => {
    const principal = principalOf(request);
    await generatePack(cadenceStore(store, principal.organizationId), request.params.id, todayOf(context), principal.actor);
    return reply.code(201).send(await packOrNotFound(context, principal.organizationId, request.params.id));
  });
  app.get('/api/renewals/:id/pack.pdf', { config: { access: 'read' }, schema: { tags: ['renewals'], summary: 'The pack as the PDF a client reads', params: renewalParams } }, async (request, reply) => {
    const pack = await packOrNotFound(context, principalOf(request).organizationId, request.params.id);
    return sendPdf(reply, await renderRenewalPackPdf(pack, { mspName: context.mspName }), `${request.params.id}.pdf`);
  });

  app.get(
    '/api/tasks',
    {
      config: { access: 'read' },
      schema: { tags: ['tasks'], summary: 'Renewal tasks, most urgent first', querystring: pageQuery.extend({ owner: z.string().optional(), accountId: z.string().optional(), all: z.enum(['true', 'false']).optional() }) },
    },
    async (request) => {
      const { owner, accountId, all } = request.query;
      const tasks = await listTasks(store.db, principalOf(request).organizationId, { ...(owner ? { owner } : {}), ...(accountId ? { accountId } : {}), all: all === 'true' });
      return paginate(tasks, request.query, { dueOn: (task) => task.dueOn, account: (task) => task.accountName, assignee: (task) => task.assignee });
    },
  );
  app.post(
    '/api/renewals/:id/tasks/:kind/done',
    {
      config: { access: 'renewals' },
      schema: { tags: ['tasks'], summary: 'Mark a renewal task done', params: z.object({ id: z.string().min(1), kind: z.enum(TASK_KINDS as [TaskKind, ...TaskKind[]]) }), body: z.object({ on: isoDate.optional() }).nullish() },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const on = (request.body?.on ?? todayOf(context)).toString();
      await store.transaction(({ db }) => completeRenewalTask(db, principal.organizationId, { renewalId: request.params.id, kind: request.params.kind, on, actor: principal.actor }));
      return reply.code(204).send();
    },
  );
}

async function packOrNotFound(context: ServerContext, organizationId: string, renewalId: string) {
  const renewal = await context.store.db.selectFrom('renewals').select('id').where('organization_id', '=', organizationId).where('id', '=', renewalId).executeTakeFirst();
  if (!renewal) throw new NotFoundError(`no renewal "${renewalId}"`, 'id');
  return loadPack(context.store.db, organizationId, renewalId);
}
