package dev.gauntlet.environment.service.protocol;

import java.util.List;

import dev.gauntlet.contracts.openai.OpenAiMessage;
import dev.gauntlet.environment.service.catalog.EnvironmentCatalog;
import dev.gauntlet.environment.service.protocol.ProtocolMessages.AggregateMetricsRequest;
import dev.gauntlet.environment.service.protocol.ProtocolMessages.AggregateMetricsResponse;
import dev.gauntlet.environment.service.protocol.ProtocolMessages.FunctionSpec;
import dev.gauntlet.environment.service.protocol.ProtocolMessages.FunctionTool;
import dev.gauntlet.environment.service.protocol.ProtocolMessages.HealthResponse;
import dev.gauntlet.environment.service.protocol.ProtocolMessages.SeedSessionRequest;
import dev.gauntlet.environment.service.protocol.ProtocolMessages.SeedSessionResponse;
import dev.gauntlet.environment.service.protocol.ProtocolMessages.ToolCallRequest;
import dev.gauntlet.environment.service.protocol.ProtocolMessages.ToolCallResponse;
import dev.gauntlet.environment.service.protocol.ProtocolMessages.VerifyRequest;
import dev.gauntlet.environment.service.protocol.ProtocolMessages.VerifyResponse;
import dev.gauntlet.environment.spi.Environment;
import dev.gauntlet.environment.spi.ScoredTask;
import dev.gauntlet.environment.spi.SessionStart;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.ToolResult;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;
import dev.gauntlet.web.InvalidFieldException;
import dev.gauntlet.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves every hosted environment over the environment protocol. */
@RestController
@RequestMapping("/environments/{name}")
class ProtocolController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final EnvironmentCatalog catalog;

	private final VerificationRunner verifier;

	ProtocolController(EnvironmentCatalog catalog, VerificationRunner verifier) {
		this.catalog = catalog;
		this.verifier = verifier;
	}

	@PostMapping("/seed_session")
	@Operation(summary = "Start a session for a task: the opening messages and the tools")
	SeedSessionResponse seed(@PathVariable String name, @Valid @RequestBody SeedSessionRequest request) {
		Environment env = environment(name);
		SessionStart start = env.seed(request.sessionId(), task(env, request.taskId()));
		List<FunctionTool> tools = start.tools()
			.stream()
			.map(t -> new FunctionTool("function", new FunctionSpec(t.name(), t.description(), t.parameters())))
			.toList();
		return new SeedSessionResponse(start.sessionId(), env.descriptor().reference(),
				OpenAiMessage.from(start.messages()), tools);
	}

	@PostMapping("/tools/{tool}")
	@Operation(summary = "Call a tool in a session; a bad call answers with error=true, never an HTTP error")
	ToolCallResponse tool(@PathVariable String name, @PathVariable String tool,
			@Valid @RequestBody ToolCallRequest request) {
		Environment env = environment(name);
		String arguments = request.arguments() == null ? "{}" : JSON.writeValueAsString(request.arguments());
		ToolResult result = env.callTool(request.sessionId(), tool, arguments);
		return new ToolCallResponse(result.content(), result.error());
	}

	@PostMapping("/verify")
	@Operation(summary = "Score an episode; status=error means the verifier failed, which is not a reward")
	VerifyResponse verify(@PathVariable String name, @Valid @RequestBody VerifyRequest request) {
		Environment env = environment(name);
		Task task = task(env, request.taskId());
		List<dev.gauntlet.contracts.ChatMessage> messages;
		try {
			messages = OpenAiMessage.toChat(request.messages());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidFieldException("messages", ex.getMessage());
		}
		Verification v = verifier.verify(env, new VerificationRequest(request.sessionId(), task, messages));
		boolean ok = v.status() == Verification.Status.OK;
		return new VerifyResponse(env.descriptor().reference(), ok ? "ok" : "error", ok ? v.reward() : null,
				v.components(), v.extractedAnswer(), v.detail());
	}

	@PostMapping("/aggregate_metrics")
	@Operation(summary = "Summarize verify results: mean reward, pass@1, pass@k")
	AggregateMetricsResponse aggregate(@PathVariable String name, @Valid @RequestBody AggregateMetricsRequest request) {
		Environment env = environment(name);
		List<ScoredTask> scored = request.verifyResponses()
			.stream()
			.map(s -> new ScoredTask(s.taskId(), s.reward()))
			.toList();
		return new AggregateMetricsResponse(env.descriptor().reference(), env.aggregate(scored));
	}

	@GetMapping("/health")
	@Operation(summary = "Whether the environment is up")
	HealthResponse health(@PathVariable String name) {
		return new HealthResponse("UP", environment(name).descriptor().reference());
	}

	private Environment environment(String name) {
		return catalog.find(name).orElseThrow(() -> new NotFoundException("no environment named '" + name + "'"));
	}

	private static Task task(Environment env, String taskId) {
		return env.tasks()
			.find(taskId)
			.orElseThrow(() -> new InvalidFieldException("task_id",
					"unknown task '" + taskId + "' in " + env.descriptor().reference()));
	}

}
