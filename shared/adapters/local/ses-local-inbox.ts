import * as z from 'zod';

/** One email as aws-ses-v2-local keeps it (GET /store). */
export const StoredEmail = z.object({
  messageId: z.string(),
  from: z.string(),
  replyTo: z.array(z.string()).default([]),
  destination: z.object({ to: z.array(z.string()), cc: z.array(z.string()).default([]), bcc: z.array(z.string()).default([]) }),
  subject: z.string(),
  body: z.object({ text: z.string().optional(), html: z.string().optional() }),
  attachments: z.array(z.object({ filename: z.string().optional(), contentType: z.string().optional() }).passthrough()).default([]),
  at: z.number(),
});
export type StoredEmail = z.infer<typeof StoredEmail>;

/** Reads what the local SES "sent": the inbox an owner or coordinator would see. */
export async function sentEmails(sesEndpoint: string): Promise<StoredEmail[]> {
  const res = await fetch(new URL('/store', sesEndpoint));
  if (!res.ok) throw new Error(`local SES store answered ${res.status}`);
  const body = z.object({ emails: z.array(StoredEmail) }).parse(await res.json());
  return body.emails;
}

export async function clearSentEmails(sesEndpoint: string): Promise<void> {
  await fetch(new URL('/clear-store', sesEndpoint), { method: 'POST' });
}

/** The address inside "Name <address>" (or the text itself). */
export function addressOf(text: string): string {
  return (/<([^>]+)>/.exec(text)?.[1] ?? text).trim().toLowerCase();
}
