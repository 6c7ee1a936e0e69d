import { SMTPServer } from 'smtp-server';

export type OnMessage = (raw: Buffer, envelope: { from: string | null; to: string[] }) => Promise<void>;

/** The largest message SES receiving accepts (40 MB, headers included): the local stand-in refuses what AWS would. */
export const SES_MAX_INBOUND_BYTES = 40 * 1024 * 1024;

/** An SMTP reply the server sends as is (smtp-server reads `responseCode`). */
function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The local stand-in for SES inbound: an SMTP server on loopback that accepts mail for the
 * inbound domain and hands each raw message to `onMessage` (the same use case the Lambda
 * calls). A message it fails to handle is refused with a 451 so the sender can retry.
 * A message over `maxMessageBytes` (advertised in EHLO as SIZE) is refused with a 552,
 * whether the client declared its size in MAIL FROM or just streamed it, and never reaches
 * `onMessage`.
 */
export async function startSmtpInbound(options: {
  port: number;
  host?: string;
  inboundDomain: string;
  onMessage: OnMessage;
  onError?: (e: unknown) => void;
  /** Defaults to SES_MAX_INBOUND_BYTES. */
  maxMessageBytes?: number;
}): Promise<{ port: number; close: () => Promise<void> }> {
  const maxBytes = options.maxMessageBytes ?? SES_MAX_INBOUND_BYTES;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    // smtp-server itself answers 552 to a MAIL FROM whose SIZE= is over this; a stream that
    // goes over it without declaring is caught in onData through `sizeExceeded`.
    size: maxBytes,
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
      stream.on('data', (c: Buffer) => {
        // Past the limit the message will be refused: stop holding it in memory, but keep
        // reading so the client gets its answer once it has finished sending.
        if (stream.sizeExceeded) chunks.length = 0;
        else chunks.push(c);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(552, `message exceeds the maximum size of ${maxBytes} bytes`));
          return;
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        options
          .onMessage(Buffer.concat(chunks), envelope)
          .then(() => callback())
          .catch((e: unknown) => {
            options.onError?.(e);
            callback(smtpError(451, '451 could not process the message now, please retry'));
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
