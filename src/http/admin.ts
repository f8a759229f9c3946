import { createServer, type Server } from 'node:http';
import { sendJson } from './respond';

export interface AdminDeps {
  /** True when the config is loaded and every service account is logged in. */
  readonly ready: () => boolean;
}

/** The admin listener: health and readiness, never on the public port. */
export function createAdminServer(deps: AdminDeps): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
    } else if (path === '/readyz') {
      const ready = deps.ready();
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
    } else {
      sendJson(res, 404, { message: 'not found' });
    }
  });
}
