package io.github.farolero.amocrm.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose accepted connections have {@code TCP_NODELAY} on, for {@link
 * MockAmoCrmServer}'s MockWebServer, which leaves Nagle's algorithm on.
 *
 * <p>Why: MockWebServer writes a body in 8 KiB writes. With Nagle on, the last, short write of a
 * body waits in the kernel until the client ACKs what was already sent, and the client (Linux)
 * delays that ACK by 40 ms; a kept-alive client reading a 115 KB page of leads waited those 40 ms
 * on many pages (a run of 400 pages: 44 to 133 pages over 20 ms; with this factory none).
 * Disabling Nagle on the client does not help: the held segment is the server's.
 *
 * <p>Counts the sockets it accepted and how many of them read {@code TCP_NODELAY} back as off,
 * so a test can check that the server really uses it. Thread-safe.
 */
final class NoDelayServerSocketFactory extends ServerSocketFactory {

  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger withNagle = new AtomicInteger();

  /** Returns how many connections were accepted. */
  int accepted() {
    return accepted.get();
  }

  /** Returns how many accepted connections still had Nagle's algorithm on: should be 0. */
  int acceptedWithNagle() {
    return withNagle.get();
  }

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new NoDelayServerSocket();
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    ServerSocket s = new NoDelayServerSocket();
    s.bind(new InetSocketAddress(port));
    return s;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    ServerSocket s = new NoDelayServerSocket();
    s.bind(new InetSocketAddress(port), backlog);
    return s;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    ServerSocket s = new NoDelayServerSocket();
    s.bind(new InetSocketAddress(address, port), backlog);
    return s;
  }

  private final class NoDelayServerSocket extends ServerSocket {
    NoDelayServerSocket() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      if (isClosed()) {
        throw new SocketException("Socket is closed");
      }
      Socket s = new Socket();
      implAccept(s);
      accepted.incrementAndGet();
      try {
        s.setTcpNoDelay(true);
        if (!s.getTcpNoDelay()) {
          withNagle.incrementAndGet();
        }
      } catch (SocketException e) {
        // The peer is already gone: MockWebServer finds out when it reads. Throwing here would
        // end its accept loop, and the server with it.
        withNagle.incrementAndGet();
      }
      return s;
    }
  }
}
