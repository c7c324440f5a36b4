// Picking TCP ports on 127.0.0.1.
import { createServer } from 'node:net';

/** Resolves true when nothing listens on 127.0.0.1:port. */
export function isPortFree(port) {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
  });
}

/** A port the kernel just handed out; callers still retry if another process wins the race. */
export function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}
