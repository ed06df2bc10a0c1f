/**
 * A real HTTP server on 127.0.0.1 for the crawler's tests: each route is a plain node:http handler.
 * (Tests only; the fixture site for e2e, benches and the demo is e2e/fixture-site.)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  origin: string;
  port: number;
  server: Server;
  /** Requests seen, by path with query. */
  hits: string[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with an ephemeral port; unknown paths answer 404. */
export async function startTestServer(routes: Record<string, Route>): Promise<TestServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = routes[req.url ?? ''] ?? routes[path];
    if (route) route(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    server,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
