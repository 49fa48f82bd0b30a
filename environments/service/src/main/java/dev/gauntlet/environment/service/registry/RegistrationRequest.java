package dev.gauntlet.environment.service.registry;

import java.util.List;
import java.util.Map;

import dev.gauntlet.environment.spi.Domain;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A remote environment to register as {@code name@version}.
 *
 * @param lifecycle DRAFT, ACTIVE (the default) or DEPRECATED
 * @param baseUrl where the remote serves the environment protocol; must be on the allowlist
 * @param tools the tools the remote offers, for the registry's listing
 * @param taskSchema the shape of task rows (see {@link TaskSchema}); defaults to any JSON object
 * @param examples task rows with an answer the remote must accept with the top reward, probed at registration
 */
public record RegistrationRequest(
		@NotBlank @Pattern(regexp = NAME, message = "lowercase letters, digits, '_', '.', '-'; at most 64") String name,
		@NotBlank @Pattern(regexp = VERSION, message = "letters, digits, '_', '.', '+', '-'; at most 64") String version,
		@NotNull Domain domain, @NotBlank @Size(max = 2000) String description,
		@Nullable @Pattern(regexp = "DRAFT|ACTIVE|DEPRECATED", message = "DRAFT, ACTIVE or DEPRECATED") String lifecycle,
		@NotNull Double minReward, @NotNull Double maxReward, @Nullable Boolean deterministic,
		@NotBlank @Size(max = 2048) String baseUrl, @Nullable @Size(max = 64) @Valid List<Tool> tools,
		@Nullable Map<String, Object> taskSchema, @NotNull @Size(min = 1, max = 20) @Valid List<Example> examples) {

	public static final String NAME = "[a-z0-9][a-z0-9_.-]{0,63}";

	public static final String VERSION = "[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}";

	/** A tool of the environment. */
	public record Tool(@NotBlank @Size(max = 64) String name, @Nullable @Size(max = 2000) String description) {
	}

	/**
	 * @param taskId defaults to {@code example-<n>}
	 * @param goldAnswer the assistant's final message that must earn the top reward
	 */
	public record Example(@Nullable @Size(max = 128) String taskId, @NotNull Map<String, Object> task,
			@NotBlank @Size(max = 100_000) String goldAnswer) {
	}

}
