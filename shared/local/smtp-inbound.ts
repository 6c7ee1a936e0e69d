import { SMTPServer } from 'smtp-server';

export type OnMessage = (raw: Buffer, envelope: { from: string | null; to: string[] }) => Promise<void>;

/**
 * The local stand-in for SES inbound: an SMTP server on loopback that accepts mail for the
 * inbound domain and hands each raw message to `onMessage` (the same use case the Lambda
 * calls). A message it fails to handle is refused with a 451 so the sender can retry.
 */
export async function startSmtpInbound(options: {
  port: number;
  host?: string;
  inboundDomain: string;
  onMessage: OnMessage;
  onError?: (e: unknown) => void;
}): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: 25 * 1024 * 1024,
    banner: 'PlanPulse local inbound',
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!address.address.toLowerCase().endsWith(`@${options.inboundDomain}`)) {
        callback(new Error(`550 we only accept mail for @${options.inboundDomain}`));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        options
          .onMessage(Buffer.concat(chunks), envelope)
          .then(() => callback())
          .catch((e: unknown) => {
            options.onError?.(e);
            const err = new Error('451 could not process the message now, please retry') as Error & { responseCode: number };
            err.responseCode = 451;
            callback(err);
          });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
