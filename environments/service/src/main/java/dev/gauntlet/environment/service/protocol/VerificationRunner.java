package dev.gauntlet.environment.service.protocol;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs a verifier under a wall-clock limit. A verifier that throws or overruns yields an
 * {@link Verification.Status#ERROR}: the caller marks the rollout failed instead of scoring it 0.
 */
@Component
class VerificationRunner {

	private static final Logger log = LoggerFactory.getLogger(VerificationRunner.class);

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final Duration timeout;

	VerificationRunner(@Value("${gauntlet.environments.verify-timeout:25s}") Duration timeout) {
		this.timeout = timeout;
	}

	Verification verify(Environment env, VerificationRequest request) {
		Future<Verification> verdict = executor.submit(() -> env.verify(request));
		try {
			return verdict.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			verdict.cancel(true);
			return Verification.error("verifier exceeded its limit of " + timeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			log.warn("Verifier of {} crashed on task {}", env.descriptor().reference(), request.task().id(),
					ex.getCause());
			return Verification.error("verifier crashed: " + ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Verification.error("interrupted while verifying");
		}
	}

}
