// Lets answers in flight finish when the server closes. Node 20's server.close() stops listening
// and then destroys every connection whose response has ended — even one whose large answer is
// still being flushed to a slow reader, which then gets a truncated body. This replaces that step
// on one server: idle connections close at once, busy ones as soon as their answer is out.
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';

export function closeGently(server: HttpServer | HttpsServer): void {
  const sockets = new Set<Socket>();
  /** Requests being answered per connection (more than one when a client pipelines). */
  const busy = new Map<Socket, number>();
  let closing = false;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      busy.delete(socket);
    });
  };
  // http: 'connection' hands over the socket requests arrive on; https: 'secureConnection' does.
  server.on(server instanceof TlsServer ? 'secureConnection' : 'connection', track);

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    const done = () => {
      const left = (busy.get(socket) ?? 1) - 1;
      if (left > 0) {
        busy.set(socket, left);
        return;
      }
      busy.delete(socket);
      if (closing) socket.end();
    };
    // 'finish': the whole answer has been handed to the operating system; 'close' covers a lost client.
    let counted = false;
    const once = () => {
      if (!counted) {
        counted = true;
        done();
      }
    };
    response.once('finish', once);
    response.once('close', once);
  });

  // server.close() calls this (Node's httpServerPreClose) right after it stops listening.
  server.closeIdleConnections = () => {
    closing = true;
    for (const socket of sockets) if (!busy.has(socket)) socket.destroy();
  };
}
