package dev.gauntlet.environment.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.sql.DataSource;

import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.EnvironmentContext;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.Verification;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox settings reach the code environment through its context, as environment-service configures it
 * ({@code gauntlet.environments.code.sandbox.<key>}). Both cases point bwrap at a path that does not exist, so a
 * program that runs at all proves that unsafe-local took effect.
 */
class CodeProviderIntegrationTests {

	private static final String NO_BWRAP = "/nonexistent/bwrap";

	@Test
	void withoutBubblewrapACorrectAnswerIsAnErrorVerdictNamingTheWayOut() throws Exception {
		try (CodeEnvironment code = create(Map.of("sandbox.bwrap", NO_BWRAP, "sandbox.workers", "1"))) {
			Verification verdict = verifyCanonicalSolution(code);

			assertThat(verdict.status()).isEqualTo(Verification.Status.ERROR);
			assertThat(verdict.detail()).contains(NO_BWRAP)
				.contains("apt-get install bubblewrap")
				.contains("gauntlet.environments.code.sandbox.mode=unsafe-local")
				.contains("GAUNTLET_ENVIRONMENTS_CODE_SANDBOX_MODE=unsafe-local");
		}
	}

	@Test
	void unsafeLocalIsWarnedAboutAtStartAndReachesTheRunner() throws Exception {
		List<LogRecord> warnings = new ArrayList<>();
		Logger logger = Logger.getLogger(CodeProvider.class.getName());
		Handler capture = new Handler() {
			@Override
			public void publish(LogRecord logRecord) {
				if (logRecord.getLevel().intValue() >= Level.WARNING.intValue()) {
					warnings.add(logRecord);
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		logger.addHandler(capture);
		try (CodeEnvironment code = create(
				Map.of("sandbox.mode", "unsafe-local", "sandbox.bwrap", NO_BWRAP, "sandbox.workers", "1"))) {
			assertThat(warnings).as("warned when the environment is created, before any code runs")
				.singleElement()
				.satisfies(w -> assertThat(w.getMessage()).contains("WITHOUT any isolation")
					.contains("gauntlet.environments.code.sandbox.mode=unsafe-local"));

			Verification verdict = verifyCanonicalSolution(code);

			assertThat(verdict.status()).isEqualTo(Verification.Status.OK);
			assertThat(verdict.reward()).isEqualTo(1.0);
		}
		finally {
			logger.removeHandler(capture);
		}
	}

	private static CodeEnvironment create(Map<String, String> settings) {
		Environment created = new CodeProvider().create(context(settings));
		assertThat(created).isInstanceOf(CodeEnvironment.class);
		return (CodeEnvironment) created;
	}

	private static Verification verifyCanonicalSolution(CodeEnvironment code) {
		JsonNode row = CodeDatasets.rows(CodeDatasets.HUMANEVAL_PYTHON).get(0);
		Task task = code.tasks().find("HumanEval/0").orElseThrow();
		return CodeEnvironmentIntegrationTests.verify(code, task,
				"```python\n" + row.path("prompt").asString() + row.path("canonical_solution").asString() + "```");
	}

	/** The context environment-service builds: settings of {@code gauntlet.environments.code.*}, no database. */
	private static EnvironmentContext context(Map<String, String> settings) {
		return new EnvironmentContext() {
			@Override
			public Optional<String> setting(String key) {
				return Optional.ofNullable(settings.get(key));
			}

			@Override
			public DataSource dataSource() {
				throw new IllegalStateException("the code environment needs no database");
			}
		};
	}

}
