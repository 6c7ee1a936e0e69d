declare module 'aws-ses-v2-local' {
  import type { Server } from 'node:http';
  const start: (options?: { host?: string; port?: number }) => Promise<Server>;
  export default start;
}
