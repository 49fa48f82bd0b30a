package dev.gauntlet.trainer.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.contracts.EnvironmentRef;
import dev.gauntlet.contracts.FinishReason;
import dev.gauntlet.contracts.PolicyRef;
import dev.gauntlet.contracts.ReasoningStats;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.RolloutKey;
import dev.gauntlet.contracts.Turn;
import dev.gauntlet.trainer.run.RunConfig;
import dev.gauntlet.trainer.run.RunConfigValidator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainBatchUnitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static RunConfig config(String extra) {
		RunConfig c = JSON.readValue("""
				{"policy": {"baseUrl": "http://p/v1", "model": "m"}, "environments": [{"name": "digits"}] %s}"""
			.formatted(extra), RunConfig.class);
		return RunConfigValidator.validate(c.withDefaults("http://localhost:8000"));
	}

	static RolloutCompleted rollout(List<Turn> turns) {
		RolloutKey key = new RolloutKey(UUID.randomUUID(), "t", 0, 0, 0);
		return RolloutCompleted.of(key, new EnvironmentRef("digits", "1"), new PolicyRef("p", "m", 0L),
				List.of(ChatMessage.user("q")), turns, true, FinishReason.STOP, ReasoningStats.NONE, Instant.now());
	}

	@Test
	void packsOneSequencePerTurnWithMasksLogprobsAndPerSequenceAdvantages() {
		Turn first = new Turn(List.of(1, 2), List.of(3, 4, 5), List.of(-0.5, -1.0, -1.5), "SFS");
		Turn second = Turn.sampled(List.of(1, 2, 3, 4, 5, 6), List.of(7), List.of(-0.25));
		Turn empty = Turn.sampled(List.of(9), List.of(), List.of());
		Turn third = Turn.sampled(List.of(8), List.of(9, 10), List.of(-0.1, -0.2));
		TrainBatch batch = TrainBatch.build(List.of(new TrainBatch.Item(rollout(List.of(first, second, empty)), 0.5, false),
				new TrainBatch.Item(rollout(List.of(third)), -1.25, true)), config(""));

		var parsed = SafetensorsReader.parse(batch.body());
		var t = parsed.tensors();
		assertThat(t.get("input_ids").i32()).containsExactly(1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
		assertThat(t.get("cu_seqlens").i32()).containsExactly(0, 5, 12, 15);
		// forced token (F) and the masked (truncated) rollout carry no loss
		assertThat(t.get("loss_mask").u8()).containsExactly(0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0);
		assertThat(t.get("behaviour_logprobs").f32()).containsExactly(0f, 0f, -0.5f, -1.0f, -1.5f, 0f, 0f, 0f, 0f, 0f,
				0f, -0.25f, 0f, -0.1f, -0.2f);
		assertThat(t.get("advantages").f32()).containsExactly(0.5f, 0.5f, -1.25f);
		assertThat(t.get("loss_mask").dtype()).isEqualTo("U8");
		assertThat(batch.sequences()).isEqualTo(3);
		assertThat(batch.tokens()).isEqualTo(15);
		assertThat(batch.lossTokens()).isEqualTo(3);
		// the header is padded to 8 bytes, as safetensors requires
		assertThat((batch.body().length - 8 - 15 * 4 - 4 * 4 - 15 - 15 * 4 - 3 * 4) % 8).isZero();
	}

	@Test
	void lossOptionsUseTheEngineNamesAndDefaults() {
		JsonNode o = JSON.readTree(TrainBatch.lossOptions(config("")));
		assertThat(o.path("eps_low").asDouble()).isEqualTo(0.2);
		assertThat(o.path("eps_high").asDouble()).isEqualTo(0.28);
		assertThat(o.path("dual_clip_c").isNull()).isTrue();
		assertThat(o.path("ratio_level").asString()).isEqualTo("token");
		assertThat(o.path("aggregation").asString()).isEqualTo("token_mean");
		assertThat(o.path("kl_coef").asDouble()).isZero();
		assertThat(o.path("kl_estimator").asString()).isEqualTo("k3");
		assertThat(o.path("proximal").asString()).isEqualTo("behaviour");
		assertThat(o.path("off_policy_correction").asString()).isEqualTo("none");
	}

	@Test
	void gspoDualClipDrGrpoAndOffPolicyCorrectionMapOntoTheEngine() {
		JsonNode o = JSON.readTree(TrainBatch.lossOptions(config("""
				, "sampling": {"maxTokens": 512}, "loss": {"gspo": true, "dualClip": 3.0,
				  "aggregation": "SEQ_MEAN_TOKEN_SUM_NORM", "klCoef": 0.01, "klEstimator": "K1",
				  "offPolicy": {"mode": "TIS_MASK", "tisCap": 3.0, "maskThreshold": 1.5}}""")));
		assertThat(o.path("ratio_level").asString()).isEqualTo("sequence");
		assertThat(o.path("dual_clip_c").asDouble()).isEqualTo(3.0);
		assertThat(o.path("aggregation").asString()).isEqualTo("seq_mean_token_sum_norm");
		assertThat(o.path("dr_grpo_constant").asDouble()).isEqualTo(512.0);
		assertThat(o.path("kl_coef").asDouble()).isEqualTo(0.01);
		assertThat(o.path("kl_estimator").asString()).isEqualTo("k1");
		assertThat(o.path("proximal").asString()).isEqualTo("current");
		assertThat(o.path("off_policy_correction").asString()).isEqualTo("tis_seq_mask");
		assertThat(o.path("tis_cap").asDouble()).isEqualTo(3.0);
		assertThat(o.path("seq_mismatch_threshold").asDouble()).isEqualTo(1.5);
		assertThat(JSON.readTree(TrainBatch.lossOptions(config(", \"loss\": {\"offPolicy\": {\"mode\": \"MASK\"}}")))
			.path("off_policy_correction").asString()).isEqualTo("seq_mask");
	}

	@Test
	void aBatchWithoutCompletionTokensIsRefused() {
		assertThatThrownBy(() -> TrainBatch.build(
				List.of(new TrainBatch.Item(rollout(List.of(Turn.sampled(List.of(1), List.of(), List.of()))), 1, false)),
				config(""))).isInstanceOf(IllegalArgumentException.class);
	}

}
