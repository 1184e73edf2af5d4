package nl.hengelo.portal.opensearch;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * A local OpenSearch node, or a small cluster of nodes inside this one JVM, bound to
 * 127.0.0.1 only. For development and tests; production runs a real OpenSearch cluster.
 *
 * <pre>
 * java -cp ... nl.hengelo.portal.opensearch.LocalOpenSearch \
 *     --nodes 1 --http-port 9200 --transport-port 9300 --data var/opensearch --cluster portal
 * </pre>
 *
 * Node n (1, 2, ...) listens on http-port + n - 1 and transport-port + n - 1. Prints
 * "READY" once the cluster is green. Lines on standard input control the nodes, so a test
 * can stop one node of a running cluster: "stop n", "start n". SIGTERM closes every node.
 */
public final class LocalOpenSearch {

    private LocalOpenSearch() {
    }

    public static void main(final String[] args) throws Exception {
        int nodes = 1;
        int httpPort = 9200;
        int transportPort = 9300;
        String data = "var/opensearch";
        String cluster = "portal";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[i + 1]);
                case "--http-port" -> httpPort = Integer.parseInt(args[i + 1]);
                case "--transport-port" -> transportPort = Integer.parseInt(args[i + 1]);
                case "--data" -> data = args[i + 1];
                case "--cluster" -> cluster = args[i + 1];
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }

        final List<String> seedHosts = new ArrayList<>();
        final List<String> nodeNames = new ArrayList<>();
        for (int n = 1; n <= nodes; n++) {
            seedHosts.add("127.0.0.1:" + (transportPort + n - 1));
            nodeNames.add("node-" + n);
        }
        final int firstHttpPort = httpPort;
        final int firstTransportPort = transportPort;

        final OpenSearchRunner runner = new OpenSearchRunner();
        // The runner would otherwise move to the next free port (up to 9299) when one is
        // taken: a clear failure is better than a node on a port nobody expects.
        runner.setMaxHttpPort(-1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final IOException e) {
                System.err.println("Closing OpenSearch: " + e.getMessage());
            }
        }));
        runner.onBuild((number, settings) -> {
            settings.put("node.name", "node-" + number);
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", String.valueOf(firstHttpPort + number - 1));
            settings.put("transport.port", String.valueOf(firstTransportPort + number - 1));
            settings.putList("discovery.seed_hosts", seedHosts);
            settings.putList("cluster.initial_cluster_manager_nodes", nodeNames);
            // A nearly full disk in CI must not turn indexes read-only.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
            // Indexes are created by the portal; typos in index names should fail loudly.
            settings.put("action.auto_create_index", "false");
        }).build(newConfigs().clusterName(cluster).numOfNode(nodes).basePath(data)
                .moduleTypes(String.join(",",
                        "org.opensearch.analysis.common.CommonAnalysisPlugin",
                        "org.opensearch.index.mapper.MapperExtrasPlugin",
                        "org.opensearch.index.reindex.ReindexPlugin",
                        // Scripts: the portal's similarity scores words as PostgreSQL does.
                        "org.opensearch.painless.PainlessPlugin",
                        "org.opensearch.transport.Netty4Plugin")));
        runner.ensureGreen();
        System.out.println("READY");
        System.out.flush();

        final BufferedReader commands = new BufferedReader(
                new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        // Standard input is /dev/null when started in the background: then just keep running.
        while ((line = commands.readLine()) != null) {
            final String[] words = line.trim().split("\\s+");
            if (words.length != 2) {
                continue;
            }
            final int index = Integer.parseInt(words[1]) - 1;
            if ("stop".equals(words[0]) && runner.getNode(index) != null) {
                runner.getNode(index).close();
                System.out.println("STOPPED " + words[1]);
            } else if ("start".equals(words[0])) {
                System.out.println(runner.startNode(index) ? "STARTED " + words[1]
                        : "NOT STARTED " + words[1]);
            }
            System.out.flush();
        }
        while (!runner.isClosed()) {
            Thread.sleep(5000);
        }
    }
}
