import { type Server, Socket, type SocketConstructorOpts } from "node:net";

// Every connection reads into this one buffer; the connection parses each read within the call and copies out
// only the bytes that must wait for more. Node's default gives every read a new 64 KiB ArrayBuffer: at 100-row
// bodies (21 KB per request) that external memory drove V8 into a mark-compact every ~200 ms (5–11 ms pauses,
// the p99) and cost ~40 % of the transport's CPU per request (measured: 43 → 24 µs, docs/scoring.md).
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** The net.Socket internals the re-wrap relies on (present in Node 20–24; checked before use). */
interface Internals {
  _handle: object | null;
  server: Server | null;
  _server: Server | null;
}

/**
 * Feeds `onRead` the bytes of an accepted connection (paused: the server uses `pauseOnConnect`). It re-wraps the
 * connection's handle in a socket with net.Socket's `onread` option (public, but offered for client sockets
 * only), so each read arrives as a view of the shared buffer, valid during the call only. When the socket's
 * internals are not the expected ones, or the re-wrap throws, it falls back to 'data' events (fresh buffers; same
 * behaviour, slower). Returns the socket to use from then on. Diagnostics subscribers of `net.server.socket` see
 * the accepted socket, which stays empty: the connection lives on in the returned one.
 */
export function readIntoSharedBuffer(accepted: Socket, server: Server, onRead: (chunk: Buffer) => void): Socket {
  const old = accepted as unknown as Internals;
  const handle = old._handle;
  if (handle === null || typeof handle !== "object" || old._server !== server) return withData(accepted, onRead);
  // The old socket gives up the handle and the server's connection count; the new one owns both.
  old._handle = null;
  old._server = null;
  old.server = null;
  let socket: Socket;
  try {
    const options = {
      handle,
      allowHalfOpen: accepted.allowHalfOpen,
      readableHighWaterMark: accepted.readableHighWaterMark,
      writableHighWaterMark: accepted.writableHighWaterMark,
      onread: { buffer: READ_BUFFER, callback: (n: number) => onRead(READ_BUFFER.subarray(0, n)) },
    };
    socket = new Socket(options as SocketConstructorOpts);
  } catch {
    old._handle = handle;
    old._server = server;
    old.server = server;
    return withData(accepted, onRead);
  }
  const owned = socket as unknown as Internals;
  owned.server = server;
  owned._server = server;
  socket.setNoDelay(true);
  // While `onread` is in effect no 'data' event fires; should a Node version ignore the option, the bytes come
  // this way instead of waiting unread.
  socket.on("data", onRead);
  return socket;
}

/** The plain way: 'data' events with a fresh buffer per read. */
function withData(socket: Socket, onRead: (chunk: Buffer) => void): Socket {
  socket.on("data", onRead);
  socket.resume();
  return socket;
}
