import { type Command } from 'commander';
import { CalendarDate } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { taskName } from '../../domain/renewal/notice-text.ts';
import { TASK_KINDS, type TaskKind } from '../../domain/renewal/policy.ts';
import { parseStage, RENEWAL_STAGES } from '../../domain/renewal/stages.ts';
import { changeRenewalStage, completeRenewalTask } from '../../store/renewal-updates.ts';
import { listTasks } from '../../store/task-list.ts';
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
    const tasks = await withStore(options, (store, organization) => listTasks(store.db, organization, { ...(options.owner ? { owner: options.owner } : {}), ...(options.all ? { all: true } : {}) }));
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
          task.dueOn,
          taskName(task.kind as TaskKind),
          task.accountName,
          task.renewalDate,
          task.assignee,
          task.status !== 'open' ? task.status : task.escalatedTo ? `escalated to ${task.escalatedTo}` : CalendarDate.parse(task.dueOn).isBefore(now) ? 'overdue' : 'open',
        ]),
      ),
    );
  });
}
