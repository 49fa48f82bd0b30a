package dev.gauntlet.environment.service.remote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerUnitTests {

	static final class MutableClock extends Clock {

		Instant now = Instant.parse("2026-01-01T00:00:00Z");

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}

	}

	@Test
	void opensAfterTheThresholdThenLetsOneTrialThroughAfterTheCoolDown() {
		MutableClock clock = new MutableClock();
		CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(30), clock);
		assertThat(breaker.allow()).isTrue();
		breaker.failure();
		assertThat(breaker.allow()).as("one failure is under the threshold").isTrue();
		breaker.failure();
		assertThat(breaker.allow()).as("open").isFalse();

		clock.now = clock.now.plusSeconds(31);
		assertThat(breaker.allow()).as("the trial call").isTrue();
		assertThat(breaker.allow()).as("only one trial at a time").isFalse();
		breaker.failure();
		assertThat(breaker.allow()).as("a failed trial reopens it").isFalse();

		clock.now = clock.now.plusSeconds(31);
		assertThat(breaker.allow()).isTrue();
		breaker.success();
		assertThat(breaker.allow()).as("a successful trial closes it").isTrue();
		assertThat(breaker.allow()).isTrue();
	}

}
