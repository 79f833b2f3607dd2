import { readdirSync, readFileSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/integrations/email/mailer.ts';
import { tempDir } from '../support/temp-dirs.ts';

interface Received {
  from: string;
  to: string[];
  data: string;
}

/** A local SMTP server that requires authentication and keeps what it receives. */
function startServer(received: Received[]): Promise<SMTPServer> {
  const server = new SMTPServer({
    authOptional: false,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'coterm' && auth.password === 'secret') callback(null, { user: 'coterm' });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('notice mailer', () => {
  const received: Received[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = await startServer(received);
    port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const mail = { id: 'acme:2027-01-31:T-90', to: 'it@acme.example', subject: 'Renewal notice: your services renew on 2027-02-01 (T-90)', text: 'Hello Acme,\n\nIn 90 days…' };

  it('delivers through an SMTP server with authentication, with a stable Message-ID', async () => {
    const mailer = createMailer({ smtpUrl: `smtp://coterm:secret@127.0.0.1:${port}`, outboxDir: tempDir('unused-outbox'), from: 'renewals@northwind-msp.example' });
    const messageId = await mailer.send(mail);
    mailer.close();
    expect(messageId).toBe('<acme_2027-01-31_T-90@northwind-msp.example>');
    expect(received).toHaveLength(1);
    expect(received[0]?.from).toBe('renewals@northwind-msp.example');
    expect(received[0]?.to).toEqual(['it@acme.example']);
    expect(received[0]?.data).toContain('Subject: Renewal notice: your services renew on 2027-02-01 (T-90)');
    expect(received[0]?.data).toContain('Message-ID: <acme_2027-01-31_T-90@northwind-msp.example>');
  });

  it('fails with the server’s reason when the credentials are wrong', async () => {
    const mailer = createMailer({ smtpUrl: `smtp://coterm:wrong@127.0.0.1:${port}`, outboxDir: tempDir('unused-outbox'), from: 'renewals@northwind-msp.example' });
    await expect(mailer.send(mail)).rejects.toThrow(/Invalid username or password/);
    mailer.close();
  });

  it('writes an .eml file to the outbox when no SMTP server is configured', async () => {
    const outbox = tempDir('outbox');
    const mailer = createMailer({ outboxDir: outbox, from: 'renewals@northwind-msp.example' });
    await mailer.send(mail);
    expect(readdirSync(outbox)).toEqual(['acme_2027-01-31_T-90.eml']);
    const eml = readFileSync(join(outbox, 'acme_2027-01-31_T-90.eml'), 'utf8');
    expect(eml).toContain('To: it@acme.example');
    expect(eml).toContain('Hello Acme,');
  });
});
