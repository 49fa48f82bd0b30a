package dev.gauntlet.environment.service.protocol;

import java.util.List;

import dev.gauntlet.contracts.openai.OpenAiMessage;
import dev.gauntlet.environment.service.registry.Resolver;
import dev.gauntlet.environment.service.remote.RemoteClient;
import dev.gauntlet.environment.service.remote.RemoteException;
import dev.gauntlet.environment.service.remote.RemoteProtocol;
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
import dev.gauntlet.environment.spi.Metrics;
import dev.gauntlet.environment.spi.ScoredTask;
import dev.gauntlet.environment.spi.SessionStart;
import dev.gauntlet.environment.spi.Task;
import dev.gauntlet.environment.spi.ToolResult;
import dev.gauntlet.environment.spi.Verification;
import dev.gauntlet.environment.spi.VerificationRequest;
import dev.gauntlet.web.InvalidFieldException;
import dev.gauntlet.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves every environment over the environment protocol: built-ins in this process, remote ones by forwarding to
 * their base URL with the task row in the body. {@code {name}} is a name (its current version) or
 * {@code name@version}.
 */
@RestController
@RequestMapping("/environments/{name}")
class ProtocolController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Resolver resolver;

	private final VerificationRunner verifier;

	private final RemoteProtocol remote;

	ProtocolController(Resolver resolver, VerificationRunner verifier, RemoteProtocol remote) {
		this.resolver = resolver;
		this.verifier = verifier;
		this.remote = remote;
	}

	@PostMapping("/seed_session")
	@Operation(summary = "Start a session for a task: the opening messages and the tools")
	SeedSessionResponse seed(@PathVariable String name, @Valid @RequestBody SeedSessionRequest request) {
		Resolver.Target target = resolver.resolve(name);
		Task task = task(target, request.taskId());
		Environment env = target.builtIn();
		if (env == null) {
			RemoteProtocol.Seeded seeded = call(() -> remote.seed(target.version().endpoint(), request.sessionId(),
					task.id(), task.fields(), RemoteClient.Mode.IDEMPOTENT));
			List<FunctionTool> tools = seeded.tools().stream().map(ProtocolController::functionTool).toList();
			return new SeedSessionResponse(request.sessionId(), target.reference(), seeded.messages(), tools);
		}
		SessionStart start = env.seed(request.sessionId(), task);
		List<FunctionTool> tools = start.tools()
			.stream()
			.map(t -> new FunctionTool("function", new FunctionSpec(t.name(), t.description(), t.parameters())))
			.toList();
		return new SeedSessionResponse(start.sessionId(), target.reference(), OpenAiMessage.from(start.messages()),
				tools);
	}

	@PostMapping("/tools/{tool}")
	@Operation(summary = "Call a tool in a session; a bad call answers with error=true, never an HTTP error")
	ToolCallResponse tool(@PathVariable String name, @PathVariable String tool,
			@Valid @RequestBody ToolCallRequest request) {
		Resolver.Target target = resolver.resolve(name);
		Environment env = target.builtIn();
		if (env == null) {
			ToolResult result = call(() -> remote.tool(target.version().endpoint(), request.sessionId(), tool,
					request.arguments()));
			return new ToolCallResponse(result.content(), result.error());
		}
		String arguments = request.arguments() == null ? "{}" : JSON.writeValueAsString(request.arguments());
		ToolResult result = env.callTool(request.sessionId(), tool, arguments);
		return new ToolCallResponse(result.content(), result.error());
	}

	@PostMapping("/verify")
	@Operation(summary = "Score an episode; status=error means the verifier failed, which is not a reward")
	VerifyResponse verify(@PathVariable String name, @Valid @RequestBody VerifyRequest request) {
		Resolver.Target target = resolver.resolve(name);
		Task task = task(target, request.taskId());
		List<dev.gauntlet.contracts.ChatMessage> messages;
		try {
			messages = OpenAiMessage.toChat(request.messages());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidFieldException("messages", ex.getMessage());
		}
		Environment env = target.builtIn();
		Verification v = env == null
				? remote.verify(target.version().endpoint(), request.sessionId(), task.id(), task.fields(),
						request.messages(), target.version().minReward(), target.version().maxReward(),
						RemoteClient.Mode.IDEMPOTENT)
				: verifier.verify(env, new VerificationRequest(request.sessionId(), task, messages));
		boolean ok = v.status() == Verification.Status.OK;
		return new VerifyResponse(target.reference(), ok ? "ok" : "error", ok ? v.reward() : null, v.components(),
				v.extractedAnswer(), v.detail());
	}

	@PostMapping("/aggregate_metrics")
	@Operation(summary = "Summarize verify results: mean reward, pass@1, pass@k")
	AggregateMetricsResponse aggregate(@PathVariable String name, @Valid @RequestBody AggregateMetricsRequest request) {
		Resolver.Target target = resolver.resolve(name);
		List<ScoredTask> scored = request.verifyResponses()
			.stream()
			.map(s -> new ScoredTask(s.taskId(), s.reward()))
			.toList();
		Environment env = target.builtIn();
		return new AggregateMetricsResponse(target.reference(),
				env == null ? Metrics.standard(scored) : env.aggregate(scored));
	}

	@GetMapping("/health")
	@Operation(summary = "Whether the environment is up (for a remote one: whether its /health answers UP)")
	HealthResponse health(@PathVariable String name) {
		Resolver.Target target = resolver.resolve(name);
		if (target.builtIn() == null) {
			try {
				remote.health(target.version().endpoint(), RemoteClient.Mode.IDEMPOTENT);
			}
			catch (RemoteException ex) {
				return new HealthResponse("DOWN", target.reference());
			}
		}
		return new HealthResponse("UP", target.reference());
	}

	@SuppressWarnings("unchecked")
	private static FunctionTool functionTool(java.util.Map<String, Object> tool) {
		java.util.Map<String, Object> function = (java.util.Map<String, Object>) tool.get("function");
		Object parameters = function.get("parameters");
		return new FunctionTool("function", new FunctionSpec(String.valueOf(function.get("name")),
				String.valueOf(function.getOrDefault("description", "")),
				parameters instanceof java.util.Map<?, ?> p ? (java.util.Map<String, Object>) p : java.util.Map.of()));
	}

	/** A remote that fails at seed or tool time answers 502 problem+json: an outage, never a verdict. */
	private static <T> T call(java.util.function.Supplier<T> remoteCall) {
		try {
			return remoteCall.get();
		}
		catch (RemoteException ex) {
			throw new ErrorResponseException(HttpStatus.BAD_GATEWAY, Problems.of(HttpStatus.BAD_GATEWAY,
					"remote-environment-failed", "Remote environment failed", ex.getMessage()), ex);
		}
	}

	private static Task task(Resolver.Target target, String taskId) {
		return target.tasks()
			.find(taskId)
			.orElseThrow(() -> new InvalidFieldException("task_id",
					"unknown task '" + taskId + "' in " + target.reference()));
	}

}
