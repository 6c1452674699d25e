import net from 'node:net';

export interface RoundRobinProxy {
  port: number;
  close(): Promise<void>;
}

/**
 * The small load balancer in front of the cluster mode's API processes: each TCP connection goes to the next backend
 * in turn, and one a backend refuses (a process down or still starting) goes to the one after. Connections, not
 * requests, are spread, as a TCP load balancer in production would.
 */
export async function startRoundRobinProxy(o: {
  host: string;
  port: number;
  backends: { host: string; port: number }[];
}): Promise<RoundRobinProxy> {
  let next = 0;
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  const server = net.createServer((client) => {
    track(client);
    client.pause();
    client.on('error', () => client.destroy());
    const attempt = (tried: number) => {
      const backend = o.backends[next++ % o.backends.length];
      const upstream = net.connect(backend.port, backend.host);
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        track(upstream);
        upstream.once('close', () => client.destroy());
        client.once('close', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      upstream.on('error', () => {
        if (connected) client.destroy();
        else if (tried + 1 < o.backends.length) attempt(tried + 1);
        else client.destroy();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
