package dev.gauntlet.admin.rollouts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A rollout as the trajectory viewer shows it, read from rollout-service's JSON: messages in OpenAI chat form,
 * with thinking either in {@code reasoning_content}/{@code thinking} or inside {@code <think>...</think>}; tool
 * calls paired with their results by id; reward components; token counts from the turns (token ids, thinking
 * tokens) or from count fields; and whether the thinking budget was hit (a forced token, {@code F}, in a turn's
 * completion mask, or a {@code budgetHit} field). Fields the reply lacks are shown as unknown, not invented.
 */
record Trajectory(Map<String, Object> rollout, List<Step> steps, @Nullable String finalAnswer,
		Map<String, Object> rewardComponents, @Nullable Long promptTokens, @Nullable Long completionTokens,
		@Nullable Long thinkingTokens, @Nullable Boolean budgetHit, int toolCallCount) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern THINK = Pattern.compile("(?s)^\\s*<think>(.*?)(</think>|$)(.*)");

	/** One thing in the conversation. {@code kind}: system, user, assistant, tool. */
	record Step(String kind, @Nullable String content, @Nullable String thinking, List<ToolCall> toolCalls,
			@Nullable String toolCallId, @Nullable String name) {
	}

	/** A tool call, with its arguments pretty-printed and its result, when the conversation has one. */
	record ToolCall(String id, String name, String arguments, @Nullable String result) {
	}

	/**
	 * Reads rollout-service's {@code GET /v1/rollouts/{id}} reply: {@code {rollout: {...summary}, messages, turns,
	 * reasoning: {thinkingTokens, answerTokens, budgetHit}, rewardComponents, extractedAnswer}}; a flat rollout
	 * object is read as well.
	 */
	@SuppressWarnings("unchecked")
	static Trajectory of(Map<String, Object> reply) {
		Map<String, Object> rollout = new LinkedHashMap<>();
		if (reply.get("rollout") instanceof Map<?, ?> summary) {
			rollout.putAll((Map<String, Object>) summary);
		}
		reply.forEach((key, value) -> {
			if (!key.equals("rollout") && value != null) {
				rollout.put(key, value);
			}
		});
		if (rollout.get("reasoning") instanceof Map<?, ?> reasoning) {
			Map<String, Object> r = (Map<String, Object>) reasoning;
			rollout.putIfAbsent("thinkingTokens", r.get("thinkingTokens"));
			rollout.putIfAbsent("budgetHit", r.get("budgetHit"));
		}
		List<Object> messages = rollout.get("messages") instanceof List<?> l ? (List<Object>) l : List.of();
		Map<String, String> results = new LinkedHashMap<>();
		for (Object m : messages) {
			if (m instanceof Map<?, ?> message && "tool".equals(message.get("role"))) {
				Object id = message.get("tool_call_id") != null ? message.get("tool_call_id") : message.get("toolCallId");
				if (id != null) {
					results.put(String.valueOf(id), text(message.get("content")));
				}
			}
		}
		List<Step> steps = new ArrayList<>();
		String finalAnswer = null;
		int calls = 0;
		for (Object m : messages) {
			if (!(m instanceof Map<?, ?> raw)) {
				continue;
			}
			Map<String, Object> message = (Map<String, Object>) raw;
			String role = String.valueOf(message.getOrDefault("role", "unknown"));
			String content = message.get("content") == null ? null : text(message.get("content"));
			String thinking = firstText(message, "reasoning_content", "reasoning", "thinking");
			if (content != null && "assistant".equals(role)) {
				Matcher think = THINK.matcher(content);
				if (think.matches()) {
					thinking = think.group(1).strip();
					content = think.group(3).strip();
				}
			}
			List<ToolCall> toolCalls = new ArrayList<>();
			Object wireCalls = message.get("tool_calls") != null ? message.get("tool_calls") : message.get("toolCalls");
			if (wireCalls instanceof List<?> wire) {
				for (Object c : wire) {
					if (c instanceof Map<?, ?> call) {
						// OpenAI wire shape {id, function: {name, arguments}}, or Gauntlet's {id, name, arguments}
						Map<String, Object> function = call.get("function") instanceof Map<?, ?> f
								? (Map<String, Object>) f : (Map<String, Object>) call;
						String id = String.valueOf(call.get("id"));
						toolCalls.add(new ToolCall(id, String.valueOf(function.get("name")),
								pretty(function.get("arguments")), results.get(id)));
						calls++;
					}
				}
			}
			if ("assistant".equals(role) && content != null && !content.isBlank() && toolCalls.isEmpty()) {
				finalAnswer = content;
			}
			Object callId = message.get("tool_call_id") != null ? message.get("tool_call_id") : message.get("toolCallId");
			steps.add(new Step(role, content, thinking, toolCalls, callId == null ? null : String.valueOf(callId),
					message.get("name") == null ? null : String.valueOf(message.get("name"))));
		}
		Object components = rollout.containsKey("rewardComponents") ? rollout.get("rewardComponents")
				: rollout.get("reward_components");
		Long prompt = count(rollout, "promptTokens");
		Long completion = count(rollout, "completionTokens");
		Long thinkingTokens = count(rollout, "thinkingTokens");
		Boolean budgetHit = rollout.get("budgetHit") instanceof Boolean b ? b : null;
		if (rollout.get("turns") instanceof List<?> turns && !turns.isEmpty()) {
			long p = 0;
			long c = 0;
			long t = 0;
			boolean thinkingKnown = false;
			boolean forced = false;
			for (Object turn : turns) {
				if (!(turn instanceof Map<?, ?> map)) {
					continue;
				}
				p += map.get("promptTokenIds") instanceof List<?> ids ? ids.size() : 0;
				c += map.get("completionTokenIds") instanceof List<?> ids ? ids.size() : 0;
				if (map.get("thinkingTokens") instanceof Number n) {
					t += n.longValue();
					thinkingKnown = true;
				}
				forced |= String.valueOf(map.get("completionMask")).indexOf('F') >= 0;
			}
			prompt = prompt == null ? p : prompt;
			completion = completion == null ? c : completion;
			thinkingTokens = thinkingTokens == null && thinkingKnown ? t : thinkingTokens;
			budgetHit = budgetHit == null ? forced : budgetHit;
		}
		String extracted = rollout.get("extractedAnswer") == null ? null : String.valueOf(rollout.get("extractedAnswer"));
		return new Trajectory(rollout, steps, finalAnswer != null ? finalAnswer : extracted,
				components instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of(), prompt, completion,
				thinkingTokens, budgetHit, calls);
	}

	private static @Nullable Long count(Map<String, Object> rollout, String field) {
		return rollout.get(field) instanceof Number n ? n.longValue() : null;
	}

	private static @Nullable String firstText(Map<String, Object> message, String... fields) {
		for (String field : fields) {
			if (message.get(field) instanceof String s && !s.isBlank()) {
				return s;
			}
		}
		return null;
	}

	/** Content may be a string or a list of OpenAI content parts. */
	private static String text(@Nullable Object content) {
		if (content instanceof List<?> parts) {
			StringBuilder out = new StringBuilder();
			for (Object part : parts) {
				if (part instanceof Map<?, ?> p && p.get("text") != null) {
					out.append(p.get("text"));
				}
			}
			return out.toString();
		}
		return content == null ? "" : String.valueOf(content);
	}

	private static String pretty(@Nullable Object arguments) {
		if (arguments == null) {
			return "{}";
		}
		try {
			Object parsed = arguments instanceof String s ? JSON.readValue(s, Object.class) : arguments;
			return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(parsed);
		}
		catch (JacksonException ex) {
			return String.valueOf(arguments);
		}
	}

}
