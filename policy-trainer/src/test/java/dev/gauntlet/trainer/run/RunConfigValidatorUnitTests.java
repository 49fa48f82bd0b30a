package dev.gauntlet.trainer.run;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RunConfigValidatorUnitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String MINIMAL = """
			{"policy": {"baseUrl": "http://localhost:8000/v1", "model": "policy"}, "environments": [{"name": "digits"}]""";

	static RunConfig parse(String json) {
		return JSON.readValue(json, RunConfig.class).withDefaults("http://localhost:8000");
	}

	@SuppressWarnings("unchecked")
	static List<String> badFields(String json) {
		var ex = catchThrowableOfType(ErrorResponseException.class, () -> RunConfigValidator.validate(parse(json)));
		assertThat(ex).as("expected a 400 for %s", json).isNotNull();
		assertThat(ex.getStatusCode().value()).isEqualTo(400);
		var errors = (List<Map<String, String>>) ex.getBody().getProperties().get("errors");
		return errors.stream().map(e -> e.get("field")).toList();
	}

	@Test
	void aMinimalConfigurationGetsTheDocumentedDefaults() {
		RunConfig c = RunConfigValidator.validate(parse(MINIMAL + "}"));
		assertThat(c.promptsPerStep()).isEqualTo(8);
		assertThat(c.groupSize()).isEqualTo(8);
		assertThat(c.maxSteps()).isEqualTo(100);
		assertThat(c.engineUrl()).isEqualTo("http://localhost:8000");
		assertThat(c.environments().getFirst().weight()).isEqualTo(1.0);
		assertThat(c.advantage().baseline()).isEqualTo(RunConfig.Baseline.GROUP_MEAN);
		assertThat(c.advantage().stdNormalization()).isEqualTo(RunConfig.StdNormalization.GROUP);
		assertThat(c.loss().epsLow()).isEqualTo(0.2);
		assertThat(c.loss().epsHigh()).isEqualTo(0.28);
		assertThat(c.loss().dualClip()).isNull();
		assertThat(c.loss().aggregation()).isEqualTo(RunConfig.Aggregation.TOKEN_MEAN);
		assertThat(c.loss().klCoef()).isZero();
		assertThat(c.loss().offPolicy().mode()).isEqualTo(RunConfig.OffPolicyMode.NONE);
		assertThat(c.dynamicSampling().dropZeroVariance()).isTrue();
		assertThat(c.overlong().mode()).isEqualTo(RunConfig.OverlongMode.MASK);
		assertThat(c.maxStaleness()).isEqualTo(1);
		assertThat(c.checkpointInterval()).isEqualTo(50);
		assertThat(c.evaluation().enabled()).isFalse();
		assertThat(c.reasoning().shaping().mode()).isEqualTo(RunConfig.ShapingMode.NONE);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			, "groupSize": 1                                                  | groupSize
			, "promptsPerStep": 0                                             | promptsPerStep
			, "promptsPerStep": 4096, "groupSize": 1024                       | groupSize
			, "maxSteps": -5                                                  | maxSteps
			, "sampling": {"temperature": 99}                                 | sampling.temperature
			, "sampling": {"topP": 0}                                         | sampling.topP
			, "loss": {"epsLow": 1.5}                                         | loss.epsLow
			, "loss": {"dualClip": 0.5}                                       | loss.dualClip
			, "loss": {"drGrpoConstant": 100}                                 | loss.drGrpoConstant
			, "loss": {"klCoef": -1}                                          | loss.klCoef
			, "loss": {"offPolicy": {"mode": "TIS", "tisCap": 0.5}}            | loss.offPolicy.tisCap
			, "dynamicSampling": {"oversample": 0.5}                          | dynamicSampling.oversample
			, "dynamicSampling": {"minGroupSize": 9}                          | dynamicSampling.minGroupSize
			, "overlong": {"mode": "SOFT_PENALTY", "bufferTokens": 5000}      | overlong.bufferTokens
			, "maxStaleness": 1000                                            | maxStaleness
			, "checkpointInterval": -1                                        | checkpointInterval
			, "evaluation": {"environments": ["BAD NAME"], "interval": 5}     | evaluation.environments[0]
			, "reasoning": {"budgets": [0]}                                   | reasoning.budgets[0]
			, "reasoning": {"offRatio": 2}                                    | reasoning.offRatio
			, "reasoning": {"shaping": {"mode": "LCPO"}}                      | reasoning.shaping.mode
			, "engineUrl": "file:///etc/passwd"                               | engineUrl
			""")
	void refusesHostileValuesNamingTheField(String extra, String field) {
		assertThat(badFields(MINIMAL + extra + "}")).contains(field);
	}

	@Test
	void refusesBadEnvironmentMixesAndPolicies() {
		assertThat(badFields("{\"policy\": {\"baseUrl\": \"ftp://x\", \"model\": \"\"}, \"environments\": []}"))
			.containsExactlyInAnyOrder("policy.baseUrl", "policy.model", "environments");
		assertThat(badFields("{\"environments\": [{\"name\": \"digits\", \"weight\": -1}, {\"name\": \"digits\"}, "
				+ "{\"name\": \"../etc\"}]}"))
			.containsExactlyInAnyOrder("policy", "environments[0].weight", "environments[1].name",
					"environments[2].name");
	}

}
