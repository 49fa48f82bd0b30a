package dev.gauntlet.trainer.run;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.gauntlet.trainer.run.RunConfig.Aggregation;
import dev.gauntlet.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Refuses run configurations that are hostile, out of range or inconsistent. Every problem names its field (JSON
 * path), and all problems are reported at once.
 */
public final class RunConfigValidator {

	static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

	static final int MAX_BATCH_SAMPLES = 65_536;

	private final List<Problems.FieldError> errors = new ArrayList<>();

	private RunConfigValidator() {
	}

	/** Validates a configuration whose defaults are filled in; throws a 400 problem naming each bad field. */
	public static RunConfig validate(RunConfig c) {
		RunConfigValidator v = new RunConfigValidator();
		v.check(c);
		if (!v.errors.isEmpty()) {
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.invalidFields(v.errors), null);
		}
		return c;
	}

	private void check(RunConfig c) {
		require(c.name().length() <= 200 && !c.name().isBlank(), "name", "must be 1 to 200 characters");
		if (c.policy() == null) {
			fail("policy", "is required: {baseUrl, model}");
		}
		else {
			url(c.policy().baseUrl(), "policy.baseUrl");
			require(c.policy().model() != null && !c.policy().model().isBlank() && c.policy().model().length() <= 256,
					"policy.model", "is required (at most 256 characters)");
		}
		url(c.engineUrl(), "engineUrl");
		environments(c);
		range(c.promptsPerStep(), 1, 4096, "promptsPerStep");
		range(c.groupSize(), 2, 1024, "groupSize");
		require((long) c.promptsPerStep() * c.groupSize() <= MAX_BATCH_SAMPLES, "groupSize",
				"promptsPerStep x groupSize must be at most " + MAX_BATCH_SAMPLES);
		range(c.maxSteps(), 1, 10_000_000, "maxSteps");
		range(c.sampling().temperature(), 0, 5, "sampling.temperature");
		require(c.sampling().topP() > 0 && c.sampling().topP() <= 1, "sampling.topP", "must be in (0, 1]");
		range(c.sampling().maxTokens(), 1, 1_000_000, "sampling.maxTokens");
		range(c.advantage().epsilon(), 0, 1, "advantage.epsilon");
		loss(c);
		range(c.dynamicSampling().oversample(), 1, 8, "dynamicSampling.oversample");
		range(c.dynamicSampling().minGroupSize(), 2, c.groupSize(), "dynamicSampling.minGroupSize");
		range(c.overlong().bufferTokens(), 1, c.sampling().maxTokens(), "overlong.bufferTokens");
		range(c.overlong().penalty(), 0, 10, "overlong.penalty");
		range(c.maxStaleness(), 0, 64, "maxStaleness");
		range(c.checkpointInterval(), 0, 1_000_000, "checkpointInterval");
		evaluation(c.evaluation());
		reasoning(c.reasoning());
	}

	private void environments(RunConfig c) {
		if (c.environments() == null || c.environments().isEmpty()) {
			fail("environments", "at least one environment is required: [{name, weight}]");
			return;
		}
		require(c.environments().size() <= 32, "environments", "at most 32 environments");
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < c.environments().size(); i++) {
			var e = c.environments().get(i);
			String at = "environments[" + i + "]";
			if (e == null) {
				fail(at, "must not be null");
				continue;
			}
			if (e.name() == null || !ENVIRONMENT.matcher(e.name()).matches()) {
				fail(at + ".name", "must be an environment name (lowercase letters, digits, '_', '.', '-')");
			}
			else if (!seen.add(e.name())) {
				fail(at + ".name", "is listed twice: " + e.name());
			}
			double w = e.weight() == null ? 1.0 : e.weight();
			require(Double.isFinite(w) && w > 0 && w <= 1e6, at + ".weight", "must be a positive number");
		}
	}

	private void loss(RunConfig c) {
		var l = c.loss();
		require(l.epsLow() >= 0 && l.epsLow() < 1, "loss.epsLow", "must be in [0, 1)");
		range(l.epsHigh(), 0, 10, "loss.epsHigh");
		if (l.dualClip() != null) {
			require(l.dualClip() > 1 && l.dualClip() <= 100, "loss.dualClip", "must be in (1, 100]");
		}
		if (l.drGrpoConstant() != null) {
			require(l.drGrpoConstant() > 0 && l.drGrpoConstant() <= 1e9, "loss.drGrpoConstant", "must be positive");
			require(l.aggregation() == Aggregation.SEQ_MEAN_TOKEN_SUM_NORM, "loss.drGrpoConstant",
					"applies only to aggregation SEQ_MEAN_TOKEN_SUM_NORM");
		}
		range(l.klCoef(), 0, 10, "loss.klCoef");
		range(l.entropyCoef(), 0, 1, "loss.entropyCoef");
		var o = l.offPolicy();
		require(o.tisCap() > 1 && o.tisCap() <= 1000, "loss.offPolicy.tisCap", "must be in (1, 1000]");
		require(o.maskThreshold() > 1 && o.maskThreshold() <= 1000, "loss.offPolicy.maskThreshold",
				"must be in (1, 1000]");
	}

	private void evaluation(RunConfig.Evaluation e) {
		require(e.environments().size() <= 32, "evaluation.environments", "at most 32 environments");
		for (int i = 0; i < e.environments().size(); i++) {
			String name = e.environments().get(i);
			require(name != null && ENVIRONMENT.matcher(name).matches(), "evaluation.environments[" + i + "]",
					"must be an environment name");
		}
		range(e.interval(), 0, 1_000_000, "evaluation.interval");
		range(e.tasks(), 1, 10_000, "evaluation.tasks");
		range(e.samplesPerTask(), 1, 64, "evaluation.samplesPerTask");
		if (e.temperature() != null) {
			range(e.temperature(), 0, 5, "evaluation.temperature");
		}
	}

	private void reasoning(RunConfig.Reasoning r) {
		require(r.budgets().size() <= 64, "reasoning.budgets", "at most 64 budgets");
		for (int i = 0; i < r.budgets().size(); i++) {
			Integer b = r.budgets().get(i);
			require(b != null && b >= 1 && b <= 1_000_000, "reasoning.budgets[" + i + "]",
					"must be a token count in [1, 1000000]");
		}
		range(r.offRatio(), 0, 1, "reasoning.offRatio");
		range(r.shaping().alpha(), 0, 10, "reasoning.shaping.alpha");
		if (r.shaping().mode() == RunConfig.ShapingMode.LCPO) {
			require(!r.budgets().isEmpty(), "reasoning.shaping.mode", "LCPO needs reasoning.budgets (its targets)");
		}
	}

	private void url(String value, String field) {
		if (value == null || value.isBlank() || value.length() > 2048) {
			fail(field, "is required: an http or https URL");
			return;
		}
		try {
			URI uri = URI.create(value);
			require(uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())),
					field, "must be an http or https URL with a host");
		}
		catch (IllegalArgumentException ex) {
			fail(field, "is not a URL: " + ex.getMessage());
		}
	}

	private void range(double value, double min, double max, String field) {
		require(Double.isFinite(value) && value >= min && value <= max, field,
				"must be in [" + fmt(min) + ", " + fmt(max) + "], got " + fmt(value));
	}

	private static String fmt(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
	}

	private void require(boolean ok, String field, String message) {
		if (!ok) {
			fail(field, message);
		}
	}

	private void fail(String field, String message) {
		errors.add(new Problems.FieldError(field, message));
	}

}
