package io.github.farolero.amocrm.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of a Redis server, which a test can cut ({@link #down}: every
 * connection closed, new ones refused at once) or make silent ({@link #silent}: connections are
 * taken but nothing is forwarded, as a server that hangs). The store under test sees a Redis that
 * went away, or one that stopped answering, without stopping the shared server.
 */
final class RedisProxy implements AutoCloseable {

  private final String upstreamHost;
  private final int upstreamPort;
  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean down;
  private volatile boolean silent;
  private final java.util.concurrent.atomic.AtomicInteger accepted =
      new java.util.concurrent.atomic.AtomicInteger();

  RedisProxy(String upstreamUri) throws IOException {
    URI u = URI.create(upstreamUri);
    this.upstreamHost = u.getHost();
    this.upstreamPort = u.getPort();
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "redis-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Returns {@code redis://127.0.0.1:port} of the proxy. */
  String uri() {
    return "redis://127.0.0.1:" + server.getLocalPort();
  }

  /** Returns how many connections the proxy accepted (refused ones included). */
  int accepted() {
    return accepted.get();
  }

  /** Cuts every connection and refuses new ones ({@code false}: forwards again). */
  void down(boolean down) {
    this.down = down;
    if (down) {
      closeAll();
    }
  }

  /** Takes connections but forwards nothing, as a hung server ({@code false}: forwards again). */
  void silent(boolean silent) {
    this.silent = silent;
    if (silent) {
      closeAll();
    }
  }

  private void closeAll() {
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    open.clear();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      accepted.incrementAndGet();
      if (down) {
        closeQuietly(client);
        continue;
      }
      open.add(client);
      if (silent) {
        continue; // held open, never answered
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(upstreamHost, upstreamPort), 5_000);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // one side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "redis-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    closeAll();
  }
}
