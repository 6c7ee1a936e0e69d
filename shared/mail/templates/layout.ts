/** Escapes text for HTML element content and attribute values. */
export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;');
}

/** Multi-line user text as escaped HTML with <br>. */
export function escLines(text: string): string {
  return esc(text).replace(/\r?\n/g, '<br>');
}

/** One line for a header: no CR/LF (no header injection), whitespace collapsed. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

/**
 * The Outlook-safe HTML shell: tables and inline CSS only, no external resources, a real
 * heading, high-contrast text, readable at 320 px.
 */
export function htmlPage(title: string, body: string): string {
  return (
    '<!DOCTYPE html><html lang="en-GB"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(title)}</title></head>` +
    '<body style="margin:0;padding:0;background:#ffffff">' +
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>' +
    '<td style="padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#1a1a1a;max-width:680px">' +
    body +
    '</td></tr></table></body></html>'
  );
}

export const FOOTER_STYLE = 'color:#505050;font-size:13px';
