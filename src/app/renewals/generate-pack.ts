import { type CalendarDate } from '../../domain/calendar/date.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { accountHealth } from '../../domain/renewal/health.ts';
import { resolvePolicy } from '../../domain/renewal/policy.ts';
import { renewalEvents } from '../../domain/renewal/renewal-event.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { composeInProcess } from './pack-composer.ts';
import { type CadencePort, signalWindow } from './run-cadence-day.ts';

/**
 * A tracked renewal's pack now, before the cadence would make it at T-90 (an
 * account manager preparing early): composed exactly as the cadence composes
 * it on `asOf`, stored, and the renewal moved to pack ready. A renewal keeps
 * its first pack.
 */
export async function generatePack(port: CadencePort, renewalId: string, asOf: CalendarDate, actor: string): Promise<void> {
  await port.transaction(async (session) => {
    const tracked = (await session.trackedRenewals(asOf.toString())).get(renewalId);
    if (!tracked) throw new NotFoundError(`no open renewal "${renewalId}"`, 'id');
    if (tracked.hasPack) throw new ConflictError(`renewal ${renewalId} has its pack already`, 'id');
    const accounts = await session.accounts();
    const account = accounts.find((candidate) => candidate.id === tracked.accountId);
    const policy = resolvePolicy(await session.policySettings(), tracked.accountId, account?.parentId ?? null).policy;
    const subscriptions = await session.subscriptionsOn(asOf.toString(), { accountIds: [tracked.accountId] });
    const event = renewalEvents(subscriptions, asOf, tracked.date).find((candidate) => candidate.id === renewalId);
    if (!event) throw new InvalidInputError(`renewal ${renewalId}: none of its subscriptions ends on ${tracked.date.toString()} any more`, 'id');
    const signals = (await session.usageSignals([tracked.accountId], signalWindow(asOf))).get(tracked.accountId) ?? [];
    const composer = composeInProcess(await session.priceList(), 1);
    try {
      const [json] = await composer.compose({
        asOf,
        events: [event],
        accounts: {
          [tracked.accountId]: {
            account: { id: tracked.accountId, name: account?.name ?? tracked.accountId },
            policy,
            subscriptions,
            signals,
            health: accountHealth(signals, asOf, { atRiskThreshold: policy.atRiskThreshold }),
          },
        },
      });
      await session.storePacks(asOf.toString(), [{ renewalId, json: json as string }]);
    } finally {
      await composer.close();
    }
    await session.audit(actor, 'renewal.pack_generated', renewalId, { asOf: asOf.toString() });
  });
}
