/**
 * The route table of the sandbox's one HTTP server. Routes are matched by method and the
 * longest path prefix, so other engineers can mount theirs (e.g. the ITK receiver under
 * `/itk/`) without touching the Provider's or the SSP's code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FhirError } from '../fhir/operation-outcome';
import { sendError, type Handler } from './respond';

interface Route {
  method: string;
  prefix: string;
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  /** `method` '*' matches any method; `prefix` matches itself and anything below it. */
  add(method: string, prefix: string, handler: Handler): void {
    this.routes.push({ method: method.toUpperCase(), prefix, handler });
    // Longest prefix first, so a specific mount wins over a broad one regardless of order.
    this.routes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const underPrefix = this.routes.filter((r) => path === r.prefix || path.startsWith(r.prefix.endsWith('/') ? r.prefix : `${r.prefix}/`));
    const route = underPrefix.find((r) => r.method === '*' || r.method === req.method);
    try {
      if (route) {
        await route.handler(req, res);
        return;
      }
      if (underPrefix.length > 0) {
        res.setHeader('Allow', [...new Set(underPrefix.map((r) => r.method))].join(', '));
        throw new FhirError(405, 'not-supported', 'NOT_IMPLEMENTED', `${req.method ?? '?'} is not supported on ${path}`);
      }
      throw new FhirError(404, 'not-found', 'NO_RECORD_FOUND', `No route for ${path}`);
    } catch (error) {
      sendError(res, error);
    }
  }
}
