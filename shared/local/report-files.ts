import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { BlobStore } from '#ports/blob-store';

/** What each report format is served as. */
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** A request for a report file: `/reports/<cycle>/<stage>.<ext>`, nothing else (raw mail is never served). */
function reportKey(url: string | undefined): string | null {
  const path = (url ?? '').split('?')[0]!;
  const m = /^\/reports\/([^/]+)\/([^/]+)$/.exec(path);
  if (!m) return null;
  try {
    const [cycle, file] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
    if (/[/\\]/.test(cycle + file) || cycle.startsWith('.') || file.startsWith('.')) return null;
    return `reports/${cycle}/${file}`;
  } catch {
    return null;
  }
}

/**
 * Serves the compiled reports, read-only, on an HTTP server the local stack already runs (the
 * local SES's, so reports sit next to the inbox: `http://localhost:8005/reports/…`). Every
 * other request goes on to the server's own handler. The server listens on 127.0.0.1 only.
 */
export function serveReports(server: Server, blobs: BlobStore): void {
  const others = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const key = reportKey(req.url);
    if (!key) {
      for (const handler of others) handler.call(server, req, res);
      return;
    }
    void (async () => {
      const type = TYPES[key.slice(key.lastIndexOf('.') + 1)];
      const body = type && (req.method === 'GET' || req.method === 'HEAD') ? await blobs.get(key).catch(() => null) : null;
      if (!body || !type) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('No such report.\n');
        return;
      }
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': body.length,
        'X-Content-Type-Options': 'nosniff',
        // The page carries inline styles and an inline SVG chart; nothing else may load.
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        ...(type.startsWith('text/html') ? {} : { 'Content-Disposition': `attachment; filename="${key.slice(key.lastIndexOf('/') + 1)}"` }),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    })();
  });
}
