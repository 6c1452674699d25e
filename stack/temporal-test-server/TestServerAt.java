import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.time.Instant;

/**
 * Temporal's time-skipping test server (io.temporal.testserver.TestServer) with one thing added: the instant its
 * clock starts at. The stock main starts at the wall clock, and time only skips forward, so a campaign of a year
 * already under way could never be run at its real instants.
 * Usage: TestServerAt <port> [--start-at <ISO instant>] [--exit-on-stdin-eof].
 * It does what TestServer.createPortBoundServer does, with that initial time (the server's own constructor takes it).
 * --exit-on-stdin-eof: end when the parent process (launch.js) ends and its end of stdin closes.
 */
public class TestServerAt {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long startAtMillis = 0; // 0: the wall clock, as the stock server
    boolean exitOnStdinEof = false;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--start-at") && i + 1 < args.length) startAtMillis = Instant.parse(args[++i]).toEpochMilli();
      else if (args[i].equals("--exit-on-stdin-eof")) exitOnStdinEof = true;
      else throw new IllegalArgumentException("unknown argument " + args[i]);
    }
    if (exitOnStdinEof) {
      Thread watch = new Thread(() -> {
        try {
          while (System.in.read() != -1) {
            // nothing is sent; the read returns -1 once the parent has gone
          }
        } catch (java.io.IOException e) {
          // a broken pipe means the same
        }
        System.exit(0);
      });
      watch.setDaemon(true);
      watch.start();
    }
    // true: time skipping locked at start, as the stock server without --enable-time-skipping; clients unlock it
    TestServicesStarter services = new TestServicesStarter(true, startAtMillis);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> { server.shutdownNow(); services.close(); }));
    server.awaitTermination();
  }
}
