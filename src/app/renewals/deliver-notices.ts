/** A notice written by the cadence and waiting to go out. */
export interface QueuedNotice {
  readonly id: string;
  readonly recipient: string;
  readonly subject: string;
  readonly body: string;
}

export interface NoticeOutbox {
  queued(): Promise<readonly QueuedNotice[]>;
  markSent(id: string, messageId: string): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
}

export interface NoticeSender {
  send(mail: { id: string; to: string; subject: string; text: string }): Promise<string>;
}

/**
 * Sends every queued notice and records the outcome of each. A failed one
 * stays visible with its error and is tried again on the next run.
 */
export async function deliverQueuedNotices(outbox: NoticeOutbox, sender: NoticeSender): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const notice of await outbox.queued()) {
    try {
      const messageId = await sender.send({ id: notice.id, to: notice.recipient, subject: notice.subject, text: notice.body });
      await outbox.markSent(notice.id, messageId);
      sent += 1;
    } catch (error) {
      await outbox.markFailed(notice.id, error instanceof Error ? error.message : String(error));
      failed += 1;
    }
  }
  return { sent, failed };
}
