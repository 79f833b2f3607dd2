import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';

export interface OutgoingMail {
  /** Stable id of the message: the outbox file name and the Message-ID's local part. */
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface Mailer {
  /** Delivers one message; resolves to the Message-ID it went out with. */
  send(mail: OutgoingMail): Promise<string>;
  /** Where messages go, for the run report: an SMTP server or the outbox directory. */
  readonly destination: string;
  close(): void;
}

export interface MailerOptions {
  /** `smtp://user:pass@host:587`; when absent, messages are written as .eml files to `outboxDir`. */
  readonly smtpUrl?: string;
  readonly outboxDir: string;
  readonly from: string;
}

/** Notices by SMTP when one is configured, otherwise as .eml files a person (or a test) can open. */
export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      destination: new URL(options.smtpUrl).host,
      send: async (mail) => (await transport.sendMail(message(mail, options.from))).messageId,
      close: () => transport.close(),
    };
  }
  const transport: Transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    destination: options.outboxDir,
    async send(mail) {
      const info = await transport.sendMail(message(mail, options.from));
      await mkdir(options.outboxDir, { recursive: true });
      await writeFile(join(options.outboxDir, `${fileName(mail.id)}.eml`), info.message as Buffer);
      return info.messageId;
    },
    close: () => transport.close(),
  };
}

function message(mail: OutgoingMail, from: string): SendMailOptions {
  const domain = from.split('@')[1] ?? 'coterm.local';
  return { from, to: mail.to, subject: mail.subject, text: mail.text, messageId: `<${fileName(mail.id)}@${domain}>` };
}

/** `acme:2027-01-31:T-90` → `acme_2027-01-31_T-90`: safe as a file name and a Message-ID. */
function fileName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '_');
}
