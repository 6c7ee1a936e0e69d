import { FOOTER_STYLE, h1, htmlPage, oneLine, para } from './layout.ts';
import { firstName } from './update-form.ts';

interface HeldModel {
  sender: string;
  ownerName: string;
  ownerEmail: string;
  planName: string;
  cycleName: string;
  token: string;
}

const page = (title: string, paragraphs: string[]) =>
  htmlPage(title, h1(title) + paragraphs.map((p, i) => para(p, i === paragraphs.length - 1 ? FOOTER_STYLE : undefined)).join(''));

/** To the sender of a reply that did not come from the owner: it waits for a coordinator. */
export function renderHeldForSender(m: HeldModel) {
  const subject = oneLine(`Your update is waiting for approval: ${m.planName} - ${m.cycleName}`);
  const body = [
    'Hello,',
    `Thank you for your update. It answers a request sent to ${oneLine(m.ownerName)} <${m.ownerEmail}>, and came from a different address (${m.sender}), so a coordinator will check it before it is recorded. You do not need to send it again.`,
    `To answer for ${firstName(m.ownerName)} in future without this check, ask the plan coordinator to register you as a delegate.`,
    'This is an automated message.',
  ];
  return { subject, text: `${body.join('\n\n')}\n`, html: page('Your update is waiting for approval', body) };
}

/** To the owner: someone else replied to their request; it waits for a coordinator. */
export function renderHeldForOwner(m: HeldModel) {
  const subject = oneLine(`Someone replied to your update request: ${m.planName} - ${m.cycleName} [ref ${m.token}]`);
  const body = [
    `Dear ${firstName(m.ownerName)},`,
    `${m.sender} replied to your update request for ${oneLine(m.cycleName)}. Because the reply did not come from your address, a coordinator will check it before it is recorded.`,
    'If you did not expect this, tell the plan coordinator. You can still send your own update by replying to the request.',
    'This is an automated message.',
  ];
  return { subject, text: `${body.join('\n\n')}\n`, html: page('Someone replied to your update request', body) };
}
