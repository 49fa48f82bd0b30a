package dev.gauntlet.environment.service.registry;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskSchemaUnitTests {

	static final TaskSchema SCHEMA = TaskSchema.of(Map.of("type", "object", "required", List.of("question", "answer"),
			"properties", Map.of("question", Map.of("type", "string", "maxLength", 10), "answer",
					Map.of("type", "integer"), "level", Map.of("type", "string", "enum", List.of("easy", "hard"))),
			"additionalProperties", false));

	@Test
	void aFittingRowHasNoViolations() {
		assertThat(SCHEMA.violations(Map.of("question", "1+1?", "answer", 2, "level", "easy"))).isEmpty();
	}

	@Test
	void reportsEveryProblemOfARow() {
		assertThat(SCHEMA.violations(Map.of("question", "x".repeat(11), "answer", "two", "level", "medium", "extra", 1)))
			.containsExactlyInAnyOrder("field 'question' is longer than 10 characters",
					"field 'answer' must be integer, not string", "field 'level' must be one of [easy, hard]",
					"unexpected field 'extra'");
		assertThat(SCHEMA.violations(Map.of())).containsExactly("missing required field 'question'",
				"missing required field 'answer'");
	}

	@Test
	void refusesSchemasItCannotEnforceInsteadOfIgnoringKeywords() {
		assertThatThrownBy(() -> TaskSchema.of(Map.of("type", "object", "patternProperties", Map.of())))
			.hasMessageContaining("patternProperties");
		assertThatThrownBy(() -> TaskSchema.of(Map.of("type", "array"))).hasMessageContaining("object");
		assertThatThrownBy(() -> TaskSchema.of(Map.of("type", "object", "properties",
				Map.of("q", Map.of("type", "string", "pattern", "a+"))))).hasMessageContaining("pattern");
		assertThatThrownBy(() -> TaskSchema.of(Map.of("type", "object", "properties", Map.of("q", Map.of("type", "text")))))
			.hasMessageContaining("type");
	}

	@Test
	void infersARequiredFieldPerKeyOfASampleRow() {
		TaskSchema inferred = TaskSchema.inferredFrom(Map.of("question", "q", "answer", "18"));
		assertThat(inferred.violations(Map.of("question", "another", "answer", "7"))).isEmpty();
		assertThat(inferred.violations(Map.of("question", "q"))).containsExactly("missing required field 'answer'");
	}

}
