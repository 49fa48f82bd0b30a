package dev.gauntlet.environment.spi;

import java.util.List;

/**
 * A verifiable environment: tasks to attempt, optional tools, and a verifier.
 *
 * <p>Implementations must be thread-safe: the service calls them from many request threads at once.
 */
public interface Environment {

	/** Name, version, domain and the other facts the registry shows. */
	EnvironmentDescriptor descriptor();

	/** The tasks this environment offers. */
	TaskSet tasks();

	/**
	 * Starts a session for a task: the prompt the policy sees first and the tools it may call.
	 */
	SessionStart seed(String sessionId, Task task);

	/**
	 * Runs a tool for a session. The default answers that the environment has no tools.
	 */
	default ToolResult callTool(String sessionId, String toolName, String argumentsJson) {
		return ToolResult.error("unknown tool '" + toolName + "': this environment has no tools");
	}

	/** Scores an episode. Never throws for a bad answer; see the package documentation. */
	Verification verify(VerificationRequest request);

	/** Ends a session and frees its state. The default does nothing, for stateless environments. */
	default void close(String sessionId) {
	}

	/**
	 * Summarizes verifications, for example mean reward and pass@k over groups. The default gives the common
	 * metrics; environments add their own.
	 */
	default java.util.Map<String, Double> aggregate(List<ScoredTask> scored) {
		return Metrics.standard(scored);
	}

}
