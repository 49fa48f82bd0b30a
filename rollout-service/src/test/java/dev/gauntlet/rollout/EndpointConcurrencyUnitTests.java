package dev.gauntlet.rollout;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.gauntlet.contracts.FinishReason;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.rollout.episode.EpisodeLoop;
import dev.gauntlet.rollout.episode.ReasoningControl;
import dev.gauntlet.rollout.policy.PolicyEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.gauntlet.rollout.Episodes.limits;
import static dev.gauntlet.rollout.Episodes.plan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many rollouts against one endpoint: the calls in flight to it, as the policy double counts them on its side of
 * the connection, never exceed the endpoint's limit, and reach it (so the limit, not something else, is what
 * bounds them).
 */
@Timeout(30)
class EndpointConcurrencyUnitTests {

	static DeskEnvironment desk;

	static TemplateModel model;

	@BeforeAll
	static void start() {
		desk = DeskEnvironment.start();
		model = TemplateModel.start(r -> TemplateModel.Reply.sample(r, "42").after(150));
	}

	@AfterAll
	static void stop() {
		model.close();
		desk.close();
	}

	@Test
	void callsInFlightToAnEndpointReachItsLimitAndNeverExceedIt() throws Exception {
		int limit = 3;
		PolicyEndpoint narrow = PolicyEndpoint.inline(URI.create(model.baseUrl()), "narrow", true, limit);
		EpisodeLoop loop = Episodes.loop(Episodes.settings(desk.url(), Duration.ofSeconds(5), 0, 0, 64));

		List<Future<RolloutCompleted>> rollouts = new ArrayList<>();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 4 * limit; i++) {
				rollouts.add(executor.submit(() -> loop.play(plan(narrow, 64, ReasoningControl.DEFAULT, limits()))));
			}
		}

		for (Future<RolloutCompleted> rollout : rollouts) {
			assertThat(rollout.get().finishReason()).isEqualTo(FinishReason.STOP);
		}
		TemplateModel.Traffic traffic = model.traffic("narrow");
		assertThat(traffic.arrived()).isEqualTo(4 * limit);
		assertThat(traffic.peak()).isEqualTo(limit);
	}

}
