/**
 * The pieces every email is built from. HTML rules (docs/emails.md): tables and inline CSS
 * only, no <style>, no images, scripts, fonts or other external resources; one <h1>, real
 * headings below it; lang="en-GB"; text colours with at least 4.5:1 contrast on white; no
 * fixed width, so a 320 px screen needs no sideways scrolling, and long words wrap.
 */

/** Escapes text for HTML element content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}

/** Multi-line user text as escaped HTML with <br>. */
export function escLines(text: string): string {
  return esc(text).replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, '<br>');
}

/**
 * Everything that could end a header line or should never be in one: C0 and C1 controls (CR,
 * LF, tab, NEL U+0085 …), DEL, and the Unicode line and paragraph separators.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const NOT_IN_A_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** One line for a header or a text line: no line break of any kind (no header injection), whitespace collapsed. */
export function oneLine(text: string): string {
  return text
    .replace(NOT_IN_A_LINE, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

const FONT = 'font-family:Arial,Helvetica,sans-serif';
/** Body text: #1a1a1a on white is 17.4:1. */
export const TEXT_COLOUR = '#1a1a1a';
/** Secondary text (footers, "nothing here" marks): #505050 on white is 8.1:1. */
export const MUTED_COLOUR = '#505050';
export const FOOTER_STYLE = `color:${MUTED_COLOUR};font-size:13px;line-height:19px`;
/** Long words and URLs break instead of widening the page (word-break for WebKit's table sizing). */
const WRAP = 'word-wrap:break-word;overflow-wrap:break-word;word-break:break-word';

/** The one <h1> of an email. */
export function h1(text: string): string {
  return `<h1 style="${FONT};color:${TEXT_COLOUR};font-size:22px;line-height:28px;font-weight:bold;margin:0 0 12px 0">${esc(text)}</h1>`;
}

/** A section heading; `colour` must keep 4.5:1 on white. */
export function h2(text: string, colour = TEXT_COLOUR): string {
  return `<h2 style="${FONT};color:${colour};font-size:17px;line-height:24px;font-weight:bold;margin:20px 0 6px 0">${esc(text)}</h2>`;
}

/** A paragraph of plain text (escaped, line breaks kept); `style` is added to the defaults. */
export function para(text: string, style = ''): string {
  return `<p style="margin:0 0 12px 0${style ? `;${style}` : ''}">${escLines(text)}</p>`;
}

/** A bulleted list of plain-text items. */
export function bullets(items: readonly string[]): string {
  return `<ul style="margin:0 0 12px 0;padding:0 0 0 24px">${items.map((i) => `<li style="margin:0 0 4px 0">${escLines(i)}</li>`).join('')}</ul>`;
}

/**
 * The Outlook-safe HTML shell: a full-width layout table (Outlook ignores max-width, so it
 * gets the reading pane's width; other clients cap the text at `maxWidth` px for line
 * length), inline CSS only, no external resources.
 */
export function htmlPage(title: string, body: string, { maxWidth = 680 }: { maxWidth?: number | null } = {}): string {
  const cap = maxWidth ? `;max-width:${maxWidth}px` : '';
  return (
    '<!DOCTYPE html><html lang="en-GB" dir="ltr"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(title)}</title></head>` +
    '<body style="margin:0;padding:0;background-color:#ffffff">' +
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:collapse;background-color:#ffffff"><tr><td align="left" style="padding:0">' +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%${cap};table-layout:fixed;border-collapse:collapse"><tr>` +
    `<td style="padding:16px;${FONT};font-size:15px;line-height:22px;color:${TEXT_COLOUR};${WRAP}">` +
    body +
    '</td></tr></table></td></tr></table></body></html>'
  );
}
