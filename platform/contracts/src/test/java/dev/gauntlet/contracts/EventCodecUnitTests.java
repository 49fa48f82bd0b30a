package dev.gauntlet.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecUnitTests {

	static RolloutCompleted completed() {
		RolloutKey key = new RolloutKey(UUID.randomUUID(), "gsm8k-7", 3, 1, 0);
		return RolloutCompleted.of(key, new EnvironmentRef("gsm8k", "1.0.0"), new PolicyRef("stub", "m", 2L),
				List.of(ChatMessage.user("1+1?"), ChatMessage.assistant("#### 2", List.of())),
				List.of(Turn.sampled(List.of(1, 2, 3), List.of(4, 5), List.of(-0.1, -0.2))), true, FinishReason.STOP,
				new ReasoningStats(0, 2, false), Instant.parse("2026-11-22T00:00:00Z"));
	}

	@Test
	void roundTripsEveryEventType() {
		RolloutCompleted completed = completed();
		assertThat(EventCodec.decode(EventCodec.encode(completed), RolloutCompleted.class)).isEqualTo(completed);

		RolloutScored scored = RolloutScored.of(completed, 1.0, Map.of("correct", 1.0), "2", Instant.now());
		assertThat(EventCodec.decode(EventCodec.encode(scored), RolloutScored.class)).isEqualTo(scored);

		RolloutFailed failed = RolloutFailed.of(completed.identity(), completed.environment(), FailureStage.POLICY,
				"http_500", "policy answered 500", Instant.now());
		assertThat(EventCodec.decode(EventCodec.encode(failed), RolloutFailed.class)).isEqualTo(failed);

		PolicyUpdated updated = new PolicyUpdated(1, UUID.randomUUID(), "m", 4, 4, "ckpt/4", Instant.now());
		assertThat(EventCodec.decode(EventCodec.encode(updated), PolicyUpdated.class)).isEqualTo(updated);
	}

	@Test
	void encodedEventsCarryTheirSchemaVersion() {
		assertThat(new String(EventCodec.encode(completed()))).contains("\"schemaVersion\":1");
	}

	@Test
	void refusesMalformedJsonWithAReason() {
		assertThatThrownBy(() -> EventCodec.decode("{not json", RolloutCompleted.class))
			.isInstanceOf(MalformedEventException.class)
			.hasMessageContaining("RolloutCompleted");
	}

	@Test
	void refusesAnUnknownSchemaVersion() {
		String json = new String(EventCodec.encode(completed())).replace("\"schemaVersion\":1", "\"schemaVersion\":99");
		assertThatThrownBy(() -> EventCodec.decode(json, RolloutCompleted.class))
			.isInstanceOf(MalformedEventException.class)
			.hasMessageContaining("unsupported schemaVersion 99");
	}

	@Test
	void refusesARolloutIdThatDoesNotMatchItsIdentity() {
		RolloutCompleted c = completed();
		String json = new String(EventCodec.encode(c)).replace(c.rolloutId().toString(), UUID.randomUUID().toString());
		assertThatThrownBy(() -> EventCodec.decode(json, RolloutCompleted.class))
			.isInstanceOf(MalformedEventException.class)
			.hasMessageContaining("does not match the identity");
	}

	@Test
	void refusesNonFiniteRewards() {
		String json = new String(EventCodec.encode(RolloutScored.of(completed(), 0.5, Map.of(), null, Instant.now())))
			.replace("\"reward\":0.5", "\"reward\":\"NaN\"");
		assertThatThrownBy(() -> EventCodec.decode(json, RolloutScored.class))
			.isInstanceOf(MalformedEventException.class);
	}

	@Test
	void refusesEmptyAndNullRecords() {
		assertThatThrownBy(() -> EventCodec.decode(new byte[0], RolloutCompleted.class))
			.isInstanceOf(MalformedEventException.class)
			.hasMessageContaining("empty");
		assertThatThrownBy(() -> EventCodec.decode("null", RolloutCompleted.class))
			.isInstanceOf(MalformedEventException.class);
	}

	@Test
	void refusesAMaskThatDoesNotCoverTheCompletion() {
		assertThatThrownBy(() -> new Turn(List.of(1), List.of(2, 3), List.of(), "S"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("completionMask");
	}

	@Test
	void roundTripsAMultiTurnRolloutWithItsTrajectoryAndTurnFields() {
		RolloutKey key = new RolloutKey(UUID.randomUUID(), "desk-1", 0, 0, 0);
		Turn first = new Turn(List.of(1, 2), List.of(3, 4), List.of(-0.1, -0.2), "SS", 1, 7L);
		Turn second = new Turn(List.of(1, 2, 3, 4, 9), List.of(5, 6, 8), List.of(-0.3, 0.0, -0.4), "SFS", 0, 7L);
		TokenTrajectory trajectory = new TokenTrajectory(List.of(1, 2, 3, 4, 9, 5, 6, 8), "PPSSESFS",
				List.of(0.0, 0.0, -0.1, -0.2, 0.0, -0.3, 0.0, -0.4));
		RolloutCompleted completed = RolloutCompleted.of(key, new EnvironmentRef("desk", "1"),
				new PolicyRef("local", "m", 7L), List.of(ChatMessage.user("hi"), ChatMessage.assistant("ok", List.of())),
				List.of(first, second), FinishReason.STOP, new ReasoningStats(1, 4, true), Instant.now(), trajectory,
				null);
		RolloutCompleted decoded = EventCodec.decode(EventCodec.encode(completed), RolloutCompleted.class);
		assertThat(decoded).isEqualTo(completed);
		assertThat(decoded.trajectory().count(TokenTrajectory.ENVIRONMENT)).isEqualTo(1);
		assertThat(decoded.turns().get(1).completionMask()).isEqualTo("SFS");
	}

	@Test
	void decodesARecordWrittenBeforeTheOptionalFieldsExisted() {
		String json = new String(EventCodec.encode(completed())).replace(",\"trajectory\":null", "")
			.replace(",\"untrainableReason\":null", "")
			.replace(",\"thinkingTokens\":null", "")
			.replace(",\"policyVersion\":null", "");
		assertThat(json).doesNotContain("trajectory").contains("\"completionMask\":\"SS\"}");
		RolloutCompleted decoded = EventCodec.decode(json, RolloutCompleted.class);
		assertThat(decoded.trajectory()).isNull();
		assertThat(decoded.turns().getFirst().thinkingTokens()).isNull();
		assertThat(decoded.trainable()).isTrue();
	}

	@Test
	void refusesATrajectoryWithAnUnknownMaskOrAReasonOnATrainableRollout() {
		assertThatThrownBy(() -> new TokenTrajectory(List.of(1), "X", List.of(0.0)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("mask");
		String json = new String(EventCodec.encode(completed())).replace("\"untrainableReason\":null",
				"\"untrainableReason\":\"text_only\"");
		assertThatThrownBy(() -> EventCodec.decode(json, RolloutCompleted.class))
			.isInstanceOf(MalformedEventException.class)
			.hasMessageContaining("untrainableReason");
	}

	@Test
	void samplesOfAGroupShareTheirKeyButNotTheirId() {
		UUID job = UUID.randomUUID();
		RolloutKey a = new RolloutKey(job, "t", 0, 0, 0);
		RolloutKey b = new RolloutKey(job, "t", 0, 1, 0);
		assertThat(a.groupId()).isEqualTo(b.groupId());
		assertThat(a.rolloutId()).isNotEqualTo(b.rolloutId()).isEqualTo(new RolloutKey(job, "t", 0, 0, 0).rolloutId());
	}

}
