package scrgraph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts Neo4j Community (embedded) with a Bolt connector on 127.0.0.1 for scrgraph's tests.
 *
 * <pre>
 *   java -cp CLASSPATH scrgraph.Neo4jLauncher [--port N] [--dir PATH] [--password PW]
 * </pre>
 *
 * --port 0 (the default) lets the system choose a free port. Without --dir the database lives in a
 * temporary folder that is deleted on exit. With --password, authentication is on and the user
 * "neo4j" has that password; without it, authentication is off. When the server listens it prints
 * one line "READY bolt://127.0.0.1:PORT" on stdout; it stops when its standard input closes or it
 * gets SIGTERM/SIGINT.
 */
public final class Neo4jLauncher {

    private Neo4jLauncher() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            // Neo4j's own threads would keep the JVM alive: report and stop.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int port = 0;
        Path dir = null;
        String password = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--password" -> password = args[++i];
                default -> {
                    System.err.println("Unknown argument " + args[i] + "; use --port N, --dir PATH, --password PW.");
                    System.exit(2);
                }
            }
        }
        boolean temporary = dir == null;
        Path home = temporary ? Files.createTempDirectory("scrgraph-neo4j-") : dir;

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                // No usage reports: the tests talk to nothing but this machine.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            try {
                dbms.shutdown();
            } catch (RuntimeException e) {
                System.err.println("Neo4j did not shut down cleanly: " + e);
            }
            if (temporary) {
                deleteTree(home);
            }
            stopped.countDown();
        };
        Thread hook = new Thread(stop, "neo4j-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        if (password != null) {
            setPassword(dbms, password);
        }
        listen(dbms, port, stopped);
    }

    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException e) {
            // A database folder used before already has this password.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static void listen(DatabaseManagementService dbms, int port, CountDownLatch stopped) throws InterruptedException {
        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        int actual = port;
        try {
            actual = db.getDependencyResolver().resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT).getPort();
        } catch (RuntimeException e) {
            if (port == 0) {
                throw e;
            }
        }
        System.out.println("READY bolt://127.0.0.1:" + actual);
        System.out.flush();

        // Stop when standard input closes (the parent went away) or on a signal (the shutdown hook).
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // ignore whatever is sent
                }
            } catch (IOException ignored) {
                // treat as closed
            }
            System.exit(0);
        }, "neo4j-launcher-stdin");
        watcher.setDaemon(true);
        watcher.start();
        stopped.await();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
