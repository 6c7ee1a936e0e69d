import { formatLongDate } from '#domain/calendar';
import { esc, FOOTER_STYLE, htmlPage, oneLine } from './layout.ts';
import { firstName } from './update-form.ts';

interface NoticeModel {
  ownerName: string;
  planName: string;
  cycleName: string;
  token: string;
}

/** One short email to an owner already asked: the reply-by date (and board) moved. */
export function renderDatesChanged(m: NoticeModel & { replyBy: string; board: string; previousReplyBy: string }) {
  const subject = oneLine(`Dates changed: ${m.planName} - ${m.cycleName} (reply by ${formatLongDate(m.replyBy)}) [ref ${m.token}]`);
  const body =
    `The deadline for your update on the ${oneLine(m.planName)} for ${oneLine(m.cycleName)} has changed ` +
    `from ${formatLongDate(m.previousReplyBy)} to ${formatLongDate(m.replyBy)}. The updates will be reported to the ` +
    `Corporate Parenting Board on ${formatLongDate(m.board)}. If you have already replied, there is nothing more to do; ` +
    'otherwise reply to the update request as before.';
  const text = `Dear ${firstName(m.ownerName)},\n\n${body}\n\nThis is an automated message.\n`;
  const html = htmlPage(
    'Dates changed',
    `<h1 style="font-size:20px;margin:0 0 12px 0">Dates changed: ${esc(oneLine(m.cycleName))}</h1>` +
      `<p>Dear ${esc(firstName(m.ownerName))},</p><p>${esc(body)}</p><p style="${FOOTER_STYLE}">This is an automated message.</p>`,
  );
  return { subject, text, html };
}

/** One short email to an owner already asked: the cycle was cancelled, no update is needed. */
export function renderCycleCancelled(m: NoticeModel) {
  const subject = oneLine(`Cancelled: update request for ${m.planName} - ${m.cycleName} [ref ${m.token}]`);
  const body =
    `The update cycle ${oneLine(m.cycleName)} of the ${oneLine(m.planName)} has been cancelled, so no update is needed ` +
    'for it. You will receive a new request when the next cycle opens.';
  const text = `Dear ${firstName(m.ownerName)},\n\n${body}\n\nThis is an automated message.\n`;
  const html = htmlPage(
    'Update cycle cancelled',
    `<h1 style="font-size:20px;margin:0 0 12px 0">Update cycle cancelled</h1>` +
      `<p>Dear ${esc(firstName(m.ownerName))},</p><p>${esc(body)}</p><p style="${FOOTER_STYLE}">This is an automated message.</p>`,
  );
  return { subject, text, html };
}
