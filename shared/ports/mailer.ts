export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  /** Our own Message-ID (with angle brackets), kept in the dispatch ledger. */
  messageId: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: Buffer | string; contentType: string }>;
}

/** Sends one email; resolves with the provider's message id (SES MessageId). */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ providerId: string }>;
}
