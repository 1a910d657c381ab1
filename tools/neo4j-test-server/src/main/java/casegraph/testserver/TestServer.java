package casegraph.testserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;

/**
 * Neo4j Community 5 in this JVM, for casegraph's test suite and benchmarks.
 *
 * <p>Bolt listens on 127.0.0.1 on a port the OS picks (so parallel runs never collide),
 * authentication is off (the server is reachable from this machine only and holds
 * fictional test data), and the page cache is small because the machine is shared.
 * When the database is ready the line {@code BOLT_URI=bolt://127.0.0.1:PORT} is printed;
 * scripts/with-neo4j.sh waits for it. SIGTERM (or Ctrl-C) closes the database and
 * deletes its temporary folder before the JVM exits.
 *
 * <p>Optional arguments: a page cache size in MiB (default 128).
 */
public final class TestServer {
  private TestServer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    long pageCacheMib = args.length > 0 ? Long.parseLong(args[0]) : 128;
    Path workDir = Files.createTempDirectory("casegraph-neo4j-");
    Neo4j neo4j =
        Neo4jBuilders.newInProcessBuilder(workDir)
            .withDisabledServer()
            .withConfig(HttpConnector.enabled, false)
            .withConfig(BoltConnector.enabled, true)
            .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
            .withConfig(GraphDatabaseSettings.auth_enabled, false)
            .withConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMib))
            .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  neo4j.close();
                  try {
                    Files.deleteIfExists(workDir); // the harness empties it but leaves it
                  } catch (IOException e) {
                    System.err.println("neo4j-test-server: could not remove " + workDir);
                  }
                  System.err.println("neo4j-test-server: stopped");
                  stopped.countDown();
                }));
    System.out.println("BOLT_URI=" + neo4j.boltURI());
    System.out.flush();
    stopped.await();
  }
}
