import { formatLongDate } from '#domain/calendar';
import { FOOTER_STYLE, h1, htmlPage, oneLine, para } from './layout.ts';
import { firstName } from './update-form.ts';

interface NoticeModel {
  ownerName: string;
  planName: string;
  cycleName: string;
  token: string;
}

const FOOTER = 'This is an automated message.';

/** Greeting, one paragraph and the footer, as text and HTML. */
function notice(heading: string, ownerName: string, body: string): { text: string; html: string } {
  const greeting = `Dear ${firstName(ownerName)},`;
  return {
    text: `${greeting}\n\n${body}\n\n${FOOTER}\n`,
    html: htmlPage(heading, h1(heading) + para(greeting) + para(body) + para(FOOTER, FOOTER_STYLE)),
  };
}

/** One short email to an owner already asked: the reply-by date (and board) moved. */
export function renderDatesChanged(m: NoticeModel & { replyBy: string; board: string; previousReplyBy: string }) {
  const subject = oneLine(`Dates changed: ${m.planName} - ${m.cycleName} (reply by ${formatLongDate(m.replyBy)}) [ref ${m.token}]`);
  const body =
    `The deadline for your update on the ${oneLine(m.planName)} for ${oneLine(m.cycleName)} has changed ` +
    `from ${formatLongDate(m.previousReplyBy)} to ${formatLongDate(m.replyBy)}. The updates will be reported to the ` +
    `Corporate Parenting Board on ${formatLongDate(m.board)}. If you have already replied, there is nothing more to do; ` +
    'otherwise reply to the update request as before.';
  return { subject, ...notice(`Dates changed: ${oneLine(m.cycleName)}`, m.ownerName, body) };
}

/** One short email to an owner already asked: the cycle was cancelled, no update is needed. */
export function renderCycleCancelled(m: NoticeModel) {
  const subject = oneLine(`Cancelled: update request for ${m.planName} - ${m.cycleName} [ref ${m.token}]`);
  const body =
    `The update cycle ${oneLine(m.cycleName)} of the ${oneLine(m.planName)} has been cancelled, so no update is needed ` +
    'for it. You will receive a new request when the next cycle opens.';
  return { subject, ...notice('Update cycle cancelled', m.ownerName, body) };
}
