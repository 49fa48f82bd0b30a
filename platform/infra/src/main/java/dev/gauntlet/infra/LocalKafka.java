package dev.gauntlet.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), running inside this JVM from the
 * Apache Kafka jars. The log directory is formatted on first start and reused after that.
 */
public final class LocalKafka implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);

	private final KafkaRaftServer server;

	private final int port;

	private LocalKafka(KafkaRaftServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Starts the broker.
	 * @param logDirectory where the log lives across restarts, or null for a throwaway one
	 * @param port the client port, or 0 for any free one
	 */
	public static LocalKafka start(@Nullable Path logDirectory, int port) {
		try {
			Path dir = logDirectory != null ? logDirectory : Files.createTempDirectory("gauntlet-kafka");
			Files.createDirectories(dir);
			int clientPort = port != 0 ? port : freePort();
			int controllerPort = freePort();
			Properties p = new Properties();
			p.put("process.roles", "broker,controller");
			p.put("node.id", "1");
			p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
			p.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
			p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
			p.put("controller.listener.names", "CONTROLLER");
			p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
			p.put("log.dirs", dir.toString());
			p.put("num.partitions", "3");
			p.put("offsets.topic.replication.factor", "1");
			p.put("offsets.topic.num.partitions", "5");
			p.put("transaction.state.log.replication.factor", "1");
			p.put("transaction.state.log.min.isr", "1");
			p.put("transaction.state.log.num.partitions", "5");
			p.put("group.initial.rebalance.delay.ms", "0");
			p.put("auto.create.topics.enable", "false");
			// The default dedupe buffer is 128 MiB of heap; a local broker needs a sliver of that.
			p.put("log.cleaner.dedupe.buffer.size", "8388608");
			p.put("num.network.threads", "2");
			p.put("num.io.threads", "4");
			p.put("background.threads", "2");
			p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
			if (!Files.exists(dir.resolve("meta.properties"))) {
				new Formatter().setNodeId(1)
					.setClusterId(Uuid.randomUuid().toString())
					.setDirectories(List.of(dir.toString()))
					.setMetadataLogDirectory(dir.toString())
					.setControllerListenerName("CONTROLLER")
					.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
					.setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
					.run();
			}
			KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
			server.startup();
			log.info("Kafka listening on 127.0.0.1:{}", clientPort);
			return new LocalKafka(server, clientPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Kafka did not start", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka did not start", ex);
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + port;
	}

	@Override
	public void close() {
		server.shutdown();
		server.awaitShutdown();
	}

}
