import { type Command } from 'commander';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { taskName } from '../../domain/renewal/notice-text.ts';
import { TASK_KINDS, type TaskKind } from '../../domain/renewal/policy.ts';
import { parseStage, RENEWAL_STAGES } from '../../domain/renewal/stages.ts';
import { changeRenewalStage, completeRenewalTask } from '../../store/renewal-updates.ts';
import { actorOf, choiceOption, dateOption } from '../options.ts';
import { print, printJson, table } from '../output.ts';
import { type StoreOptions, withDataDirOption, withStore } from '../store-options.ts';

interface ChangeOptions extends StoreOptions {
  on?: CalendarDate;
  reason?: string;
  by?: string;
}

interface TasksOptions extends StoreOptions {
  owner?: string;
  all?: boolean;
  json?: boolean;
}

const today = (): string => new Date().toISOString().slice(0, 10);

export function registerRenewalCommands(program: Command): void {
  const renewal = program.command('renewal').description('work a renewal: its stage, tasks and history');
  withDataDirOption(
    renewal
      .command('stage')
      .description(`move a renewal to a stage (${RENEWAL_STAGES.join(', ')}); won and lost close it`)
      .argument('<renewal>', 'renewal id, as coterm renewals shows it (account:date)')
      .argument('<stage>')
      .option('--on <date>', 'when it happened (default today)', dateOption)
      .option('--reason <text>', 'why (kept with the stage history)')
      .option('--by <name>', 'who (default $USER)'),
  ).action(async (renewalId: string, stageText: string, options: ChangeOptions) => {
    const stage = parseStage(stageText);
    if (!stage) throw new InvalidInputError(`"${stageText}" is not a stage (one of ${RENEWAL_STAGES.join(', ')})`, 'stage');
    const on = options.on?.toString() ?? today();
    await withStore(options, (store, organization) =>
      store.transaction(({ db }) => changeRenewalStage(db, organization, { renewalId, stage, on, actor: actorOf(options), reason: options.reason ?? null })),
    );
    print(`${renewalId}: ${stage} on ${on}`);
  });
  withDataDirOption(
    renewal
      .command('done')
      .description(`mark a renewal task done (${TASK_KINDS.join(', ')})`)
      .argument('<renewal>')
      .argument('<task>', 'task kind', choiceOption(TASK_KINDS))
      .option('--on <date>', 'when (default today)', dateOption)
      .option('--by <name>', 'who (default $USER)'),
  ).action(async (renewalId: string, kind: TaskKind, options: ChangeOptions) => {
    const on = options.on?.toString() ?? today();
    await withStore(options, (store, organization) => store.transaction(({ db }) => completeRenewalTask(db, organization, { renewalId, kind, on, actor: actorOf(options) })));
    print(`${renewalId}: ${taskName(kind)} done on ${on}`);
  });
  withDataDirOption(
    renewal
      .command('tasks')
      .description('open renewal tasks, most urgent first, with their SLA state')
      .option('--owner <name>', 'only this assignee’s')
      .option('--all', 'include done and cancelled tasks')
      .option('--json', 'print JSON'),
  ).action(async (options: TasksOptions) => {
    const tasks = await withStore(options, async (store, organization) => {
      let query = store.db
        .selectFrom('renewal_tasks as t')
        .innerJoin('renewals as r', (join) => join.onRef('r.organization_id', '=', 't.organization_id').onRef('r.id', '=', 't.renewal_id'))
        .innerJoin('accounts as a', (join) => join.onRef('a.organization_id', '=', 'r.organization_id').onRef('a.id', '=', 'r.account_id'))
        .select(['t.renewal_id', 'a.name', 'r.renewal_date', 't.kind', 't.assignee', 't.due_on', 't.status', 't.escalated_to', 't.reason'])
        .where('t.organization_id', '=', organization);
      if (!options.all) query = query.where('t.status', '=', 'open');
      if (options.owner) query = query.where('t.assignee', '=', options.owner);
      return query.orderBy('t.due_on').orderBy('t.renewal_id').execute();
    });
    if (options.json) {
      printJson({ tasks });
      return;
    }
    if (tasks.length === 0) {
      print('No tasks.');
      return;
    }
    const now = CalendarDate.parse(today());
    print(
      table(
        ['Due', 'Task', 'Account', 'Renewal', 'Assignee', 'State'],
        tasks.map((task) => [
          task.due_on,
          taskName(task.kind as TaskKind),
          task.name,
          task.renewal_date,
          task.assignee,
          task.status !== 'open' ? task.status : task.escalated_to ? `escalated to ${task.escalated_to}` : CalendarDate.parse(task.due_on).isBefore(now) ? 'overdue' : 'open',
        ]),
      ),
    );
  });
}
