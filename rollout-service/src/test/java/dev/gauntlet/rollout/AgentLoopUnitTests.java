package dev.gauntlet.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gauntlet.contracts.ChatMessage;
import dev.gauntlet.contracts.FinishReason;
import dev.gauntlet.contracts.PolicyUpdated;
import dev.gauntlet.contracts.RolloutCompleted;
import dev.gauntlet.contracts.TokenTrajectory;
import dev.gauntlet.contracts.Turn;
import dev.gauntlet.rollout.environment.EnvironmentException;
import dev.gauntlet.rollout.episode.EpisodeLimits;
import dev.gauntlet.rollout.episode.EpisodeLoop;
import dev.gauntlet.rollout.episode.ReasoningControl;
import dev.gauntlet.rollout.policy.PolicyVersions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static dev.gauntlet.rollout.Episodes.endpoint;
import static dev.gauntlet.rollout.Episodes.limits;
import static dev.gauntlet.rollout.Episodes.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The multi-turn agent loop against a tool environment and a tokenizing OpenAI-protocol double, over real HTTP. */
@Timeout(30)
class AgentLoopUnitTests {

	static DeskEnvironment desk;

	static TemplateModel model;

	static EpisodeLoop loop;

	@BeforeAll
	static void start() {
		desk = DeskEnvironment.start();
		model = TemplateModel.start(r -> TemplateModel.Reply.status(500));
		loop = Episodes.loop(Episodes.settings(desk.url(), Duration.ofSeconds(5), 1, 0, 64));
	}

	@AfterAll
	static void stop() {
		model.close();
		desk.close();
	}

	static int toolMessages(JsonNode request) {
		int n = 0;
		for (JsonNode m : request.path("messages")) {
			n += m.path("role").asString().equals("tool") ? 1 : 0;
		}
		return n;
	}

	static final String TURN_1 = "Let me check.<tool_call>{\"name\":\"lookup\",\"arguments\":{\"user\":\"alice\"}}</tool_call>"
			+ "<tool_call>{\"name\":\"lookup\",\"arguments\":{\"user\":\"bob\"}}</tool_call>";

	static final String TURN_2 = "<tool_call>{\"name\":\"reset_password\",\"arguments\":{\"user\":\"alice\",\"notify\":\"yes\"}}</tool_call>"
			+ "<tool_call>{\"name\":\"reboot\",\"arguments\":{}}</tool_call>";

	static final String TURN_3 = "<tool_call>{\"name\":\"reset_password\",\"arguments\":{\"user\":\"alice\",\"notify\":true}}</tool_call>";

	static final String TURN_4 = "Done: alice's password is reset.";

	@Test
	void aMultiTurnToolEpisodeRecordsEveryTurnTokenForTokenWithEnvironmentTokensMasked() {
		model.script(r -> TemplateModel.Reply.sample(r, switch (toolMessages(r)) {
			case 0 -> TURN_1;
			case 2 -> TURN_2;
			case 4 -> TURN_3;
			default -> TURN_4;
		}));
		int callsBefore = desk.toolCalls.size();

		RolloutCompleted rollout = loop.play(plan(endpoint(model), 512, ReasoningControl.DEFAULT, limits()));

		assertThat(rollout.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(rollout.trainable()).as(rollout.untrainableReason()).isTrue();
		assertThat(rollout.policy().version()).isEqualTo(3L);
		assertThat(rollout.messages()).extracting(ChatMessage::role)
			.containsExactly("system", "user", "assistant", "tool", "tool", "assistant", "tool", "tool", "assistant",
					"tool", "assistant");
		List<ChatMessage> tools = rollout.messages().stream().filter(m -> m.role().equals("tool")).toList();
		assertThat(tools).extracting(ChatMessage::content)
			.containsExactly("alice: locked out after 5 attempts", "no user named 'bob'",
					"Error: invalid arguments for reset_password: property 'notify' must be of type boolean.",
					"Error: unknown tool 'reboot'. Available tools: lookup, reset_password.",
					"password reset for alice");
		assertThat(tools).extracting(ChatMessage::toolCallId)
			.containsExactly("call_0", "call_1", "call_0", "call_1", "call_0");
		assertThat(rollout.messages().get(2).toolCalls()).extracting(ChatMessage.ToolCall::name)
			.containsExactly("lookup", "lookup");
		// only well-formed calls reached the environment, parallel ones included
		assertThat(desk.toolCalls.subList(callsBefore, desk.toolCalls.size())).hasSize(3);

		List<Turn> turns = rollout.turns();
		assertThat(turns).hasSize(4);
		List<String> sampled = List.of(TURN_1, TURN_2, TURN_3, TURN_4);
		for (int i = 0; i < turns.size(); i++) {
			Turn turn = turns.get(i);
			assertThat(turn.completionTokenIds()).isEqualTo(TemplateModel.tokenize(sampled.get(i)));
			assertThat(turn.completionMask()).isEqualTo("S".repeat(sampled.get(i).length()));
			assertThat(turn.completionLogprobs()).hasSize(sampled.get(i).length()).containsOnly(-0.25);
			assertThat(turn.policyVersion()).isEqualTo(3L);
			if (i > 0) {
				Turn previous = turns.get(i - 1);
				List<Integer> prefix = new ArrayList<>(previous.promptTokenIds());
				prefix.addAll(previous.completionTokenIds());
				assertThat(turn.promptTokenIds().subList(0, prefix.size())).isEqualTo(prefix);
			}
		}
		assertThat(turns.getFirst().promptTokenIds()).isEqualTo(TemplateModel.tokenize(
				"<|system|>You are an IT desk agent.<|end|><|user|>Ticket desk-1: alice cannot log in.<|end|><|assistant|>"));
		// environment tokens between turns 1 and 2: end of turn, both tool results, the next generation prompt
		Turn first = turns.get(0);
		Turn second = turns.get(1);
		String between = "<|end|><|tool|>alice: locked out after 5 attempts<|end|><|tool|>no user named 'bob'<|end|><|assistant|>";
		assertThat(second.promptTokenIds().subList(first.promptTokenIds().size() + first.completionTokenIds().size(),
				second.promptTokenIds().size())).isEqualTo(TemplateModel.tokenize(between));

		TokenTrajectory trajectory = rollout.trajectory();
		assertThat(trajectory).isNotNull();
		Turn last = turns.getLast();
		List<Integer> whole = new ArrayList<>(last.promptTokenIds());
		whole.addAll(last.completionTokenIds());
		assertThat(trajectory.tokenIds()).isEqualTo(whole);
		assertThat(trajectory.mask()).startsWith("P".repeat(first.promptTokenIds().size()) + "S".repeat(TURN_1.length())
				+ "E".repeat(between.length()) + "S".repeat(TURN_2.length()) + "E");
		assertThat(trajectory.count('S')).isEqualTo(TURN_1.length() + TURN_2.length() + TURN_3.length() + TURN_4.length());
		assertThat(trajectory.count('F')).isZero();
		for (int i = 0; i < trajectory.mask().length(); i++) {
			assertThat(trajectory.logprobs().get(i)).isEqualTo(trajectory.mask().charAt(i) == 'S' ? -0.25 : 0.0);
		}
		assertThat(rollout.reasoning().answerTokens()).isEqualTo(trajectory.count('S'));
		assertThat(rollout.reasoning().thinkingTokens()).isZero();
	}

	@Test
	void toolArgumentsThatAreNotJsonAreAnsweredAndARetokenizedHistoryIsRecordedAsAMismatch() {
		String bad = "<tool_call>{\"name\":\"lookup\",\"arguments\":\"{\\\"user\\\": \"}</tool_call>";
		model.script(r -> TemplateModel.Reply.sample(r, toolMessages(r) == 0 ? bad : "Sorry."));

		RolloutCompleted rollout = loop.play(plan(endpoint(model), 512, ReasoningControl.DEFAULT, limits()));

		assertThat(rollout.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(rollout.messages().get(3).content()).startsWith("Error: the arguments of lookup are not valid JSON");
		// the double renders the bad arguments unquoted in the history: the second prompt does not extend the first
		assertThat(rollout.trainable()).isFalse();
		assertThat(rollout.untrainableReason()).startsWith("token_mismatch: turn 2's prompt does not extend");
		assertThat(rollout.trajectory()).isNull();
		assertThat(rollout.turns()).hasSize(2);
	}

	@Test
	void aClientSideBudgetGivesExactlyNThinkingTokensThenTheForcedCloseThenTheAnswer() {
		String thinking = "<think>" + "hmm, ".repeat(10_000);
		String answer = "The answer is 42.";
		model.script(r -> TemplateModel.Reply.sample(r,
				r.path("continue_final_message").asBoolean(false) ? answer : thinking));
		int before = model.requests.size();

		RolloutCompleted rollout = loop.play(plan(endpoint(model), 300, new ReasoningControl(true, 50), limits()));

		String forced = Episodes.CLOSING + "</think>";
		Turn turn = rollout.turns().getFirst();
		assertThat(rollout.turns()).hasSize(1);
		assertThat(turn.completionMask()).isEqualTo("S".repeat(50) + "F".repeat(forced.length()) + "S".repeat(answer.length()));
		assertThat(turn.completionTokenIds())
			.isEqualTo(TemplateModel.tokenize(thinking.substring(0, 50) + forced + answer));
		assertThat(turn.completionLogprobs().subList(50, 50 + forced.length())).containsOnly(0.0);
		assertThat(turn.thinkingTokens()).isEqualTo(50);
		assertThat(rollout.reasoning().thinkingTokens()).isEqualTo(50);
		assertThat(rollout.reasoning().answerTokens()).isEqualTo(answer.length());
		assertThat(rollout.reasoning().budgetHit()).isTrue();
		assertThat(rollout.messages().getLast().content()).isEqualTo(thinking.substring(0, 50) + forced + answer);
		assertThat(rollout.trainable()).isTrue();
		assertThat(rollout.trajectory().count('F')).isEqualTo(forced.length());

		List<JsonNode> calls = model.requests.subList(before, model.requests.size());
		assertThat(calls).hasSize(2);
		assertThat(calls.get(0).path("max_tokens").asInt()).isEqualTo(50);
		assertThat(calls.get(1).path("continue_final_message").asBoolean()).isTrue();
		assertThat(calls.get(1).path("add_generation_prompt").asBoolean(true)).isFalse();
		assertThat(calls.get(1).path("max_tokens").asInt()).isEqualTo(250);
	}

	@Test
	void theGraceWindowLetsThinkingFinishItsLineBeforeTheCloseIsForced() {
		EpisodeLoop graceful = Episodes.loop(Episodes.settings(desk.url(), Duration.ofSeconds(5), 1, 10, 64));
		String start = "<think>" + "x".repeat(43);
		model.script(r -> {
			if (!r.path("continue_final_message").asBoolean(false)) {
				return TemplateModel.Reply.sample(r, start + "xxx\nyyyyyyyyyyyyyyyyyyyyyy");
			}
			String partial = r.path("messages").get(r.path("messages").size() - 1).path("content").asString();
			return TemplateModel.Reply.sample(r, partial.contains("</think>") ? "42" : "xxx\nyyyyyyyyyyyyyyyyyyyy");
		});

		RolloutCompleted rollout = graceful.play(plan(endpoint(model), 300, new ReasoningControl(true, 50), limits()));

		String forced = Episodes.CLOSING + "</think>";
		Turn turn = rollout.turns().getFirst();
		assertThat(turn.thinkingTokens()).isEqualTo(54);
		assertThat(turn.completionMask()).isEqualTo("S".repeat(54) + "F".repeat(forced.length()) + "SS");
		assertThat(rollout.messages().getLast().content()).isEqualTo(start + "xxx\n" + forced + "42");
	}

	@Test
	void thinkingThatClosesWithinTheBudgetIsOneCallAndCounted() {
		model.script(r -> TemplateModel.Reply.sample(r, "<think>short</think>Answer"));
		int before = model.requests.size();

		RolloutCompleted rollout = loop.play(plan(endpoint(model), 300, new ReasoningControl(true, 50), limits()));

		assertThat(model.requests.size() - before).isEqualTo(1);
		assertThat(rollout.reasoning().thinkingTokens()).isEqualTo("<think>short</think>".length());
		assertThat(rollout.reasoning().answerTokens()).isEqualTo("Answer".length());
		assertThat(rollout.reasoning().budgetHit()).isFalse();
	}

	@Test
	void reasoningOffIsSentTheWayTheEndpointsModelFamilyUnderstandsIt() {
		model.script(r -> TemplateModel.Reply.sample(r, "42"));
		int before = model.requests.size();
		loop.play(plan(endpoint(model), 64, new ReasoningControl(false, null), limits()));
		JsonNode kwargs = model.requests.get(before).path("chat_template_kwargs");
		assertThat(kwargs.path("enable_thinking").asBoolean(true)).isFalse();

		var noThink = endpoint(model);
		noThink = new dev.gauntlet.rollout.policy.PolicyEndpoint(noThink.name(), noThink.baseUrl(), noThink.model(),
				null, noThink.capabilities(), dev.gauntlet.rollout.policy.PolicyEndpoint.ThinkingSwitch.NO_THINK, 8);
		loop.play(plan(noThink, 64, new ReasoningControl(false, null), limits()));
		JsonNode request = model.requests.getLast();
		assertThat(request.has("chat_template_kwargs")).isFalse();
		assertThat(request.path("messages").get(0).path("content").asString()).endsWith("\n/no_think");
	}

	@Test
	void aServerSideBudgetIsSentAsThinkingBudgetAndNotEnforcedAgain() {
		var base = endpoint(model);
		var budgeted = new dev.gauntlet.rollout.policy.PolicyEndpoint(base.name(), base.baseUrl(), base.model(), null,
				new dev.gauntlet.rollout.policy.PolicyEndpoint.Capabilities(true, true, true, true), base.thinkingOff(),
				8);
		model.script(r -> TemplateModel.Reply.sample(r, "<think>" + "z".repeat(40) + "</think>ok"));
		int before = model.requests.size();

		RolloutCompleted rollout = loop.play(plan(budgeted, 300, new ReasoningControl(true, 40), limits()));

		assertThat(model.requests.size() - before).isEqualTo(1);
		assertThat(model.requests.getLast().path("thinking_budget").asInt()).isEqualTo(40);
		assertThat(model.requests.getLast().path("max_tokens").asInt()).isEqualTo(300);
		assertThat(rollout.reasoning().thinkingTokens()).isEqualTo(55);
	}

	@Test
	void aServerWithoutTokenIdsGivesATextOnlyRolloutThatIsNotTrainable() {
		model.script(r -> TemplateModel.Reply.sample(r, "42", false));

		RolloutCompleted rollout = loop.play(plan(endpoint(model), 64, ReasoningControl.DEFAULT, limits()));

		assertThat(rollout.trainable()).isFalse();
		assertThat(rollout.untrainableReason()).startsWith("text_only");
		assertThat(rollout.turns()).isEmpty();
		assertThat(rollout.trajectory()).isNull();
		assertThat(rollout.finalAnswer()).isEqualTo("42");
	}

	@Test
	void tokenIdsWithoutLogprobsAreKeptButNotTrainable() {
		model.script(r -> TemplateModel.Reply.sample(r, "42").withoutLogprobs());

		RolloutCompleted rollout = loop.play(plan(endpoint(model), 64, ReasoningControl.DEFAULT, limits()));

		assertThat(rollout.trainable()).isFalse();
		assertThat(rollout.untrainableReason())
			.isEqualTo("no_logprobs: the policy server returned token ids but no logprobs for turn 1");
		assertThat(rollout.trajectory()).isNull();
		assertThat(rollout.turns()).singleElement()
			.satisfies(turn -> assertThat(turn.completionTokenIds()).isEqualTo(TemplateModel.tokenize("42")));
	}

	@Test
	void idsGivenOnlyAsTokenIdPlaceholdersAreRecordedAndTheBudgetStillCountsExactly() {
		String thinking = "<think>" + "hmm, ".repeat(100);
		String answer = "The answer is 42.";
		model.script(r -> TemplateModel.Reply
			.sample(r, r.path("continue_final_message").asBoolean(false) ? answer : thinking)
			.withTokenIdPlaceholders());
		int before = model.requests.size();

		RolloutCompleted rollout = loop.play(plan(endpoint(model), 300, new ReasoningControl(true, 50), limits()));

		String forced = Episodes.CLOSING + "</think>";
		assertThat(rollout.trainable()).as(rollout.untrainableReason()).isTrue();
		Turn turn = rollout.turns().getFirst();
		assertThat(turn.completionTokenIds())
			.isEqualTo(TemplateModel.tokenize(thinking.substring(0, 50) + forced + answer));
		assertThat(turn.completionMask())
			.isEqualTo("S".repeat(50) + "F".repeat(forced.length()) + "S".repeat(answer.length()));
		assertThat(turn.thinkingTokens()).isEqualTo(50);
		assertThat(rollout.reasoning().thinkingTokens()).isEqualTo(50);
		assertThat(rollout.reasoning().answerTokens()).isEqualTo(answer.length());
		assertThat(rollout.reasoning().budgetHit()).isTrue();
		// asked for the id arrays, never for placeholders, which would cost the per-token texts
		assertThat(model.requests.subList(before, model.requests.size())).allSatisfy(request -> {
			assertThat(request.path("return_token_ids").asBoolean()).isTrue();
			assertThat(request.has("return_tokens_as_token_ids")).isFalse();
		});
	}

	@Test
	void withPlaceholdersThinkingThatClosesInsideOneCallIsUnknownRatherThanMiscounted() {
		model.script(r -> TemplateModel.Reply.sample(r, "<think>short</think>Answer").withTokenIdPlaceholders());

		RolloutCompleted rollout = loop.play(plan(endpoint(model), 300, ReasoningControl.DEFAULT, limits()));

		assertThat(rollout.trainable()).isTrue();
		assertThat(rollout.turns().getFirst().thinkingTokens()).isNull();
	}

	@Test
	void theRolloutKeepsThePolicyVersionOfItsFirstGenerationWhileTurnsKeepTheirOwn() {
		model.script(r -> TemplateModel.Reply.sample(r, toolMessages(r) == 0 ? TURN_3 : "Reset.")
			.withPolicyVersion(toolMessages(r) == 0 ? 7 : 8));

		RolloutCompleted rollout = loop.play(plan(endpoint(model), 512, ReasoningControl.DEFAULT, limits()));

		assertThat(rollout.policy().version()).isEqualTo(7L);
		assertThat(rollout.turns()).extracting(Turn::policyVersion).containsExactly(7L, 8L);
	}

	@Test
	void anUpdateAnnouncedDuringTheEpisodeDoesNotRelabelItAndAnOlderOneNeverMovesTheVersionBack() {
		PolicyVersions versions = new PolicyVersions();
		versions.apply(List.of(announce(5)));
		EpisodeLoop announced = Episodes.loop(Episodes.settings(desk.url(), Duration.ofSeconds(5), 1, 0, 64),
				versions::current);
		model.script(r -> {
			versions.apply(List.of(announce(6))); // the trainer publishes while the episode generates
			return TemplateModel.Reply.sample(r, toolMessages(r) == 0 ? TURN_3 : "Reset.");
		});
		var unversioned = dev.gauntlet.rollout.policy.PolicyEndpoint.inline(java.net.URI.create(model.baseUrl()),
				TemplateModel.UNVERSIONED, true, 8);

		RolloutCompleted first = announced.play(plan(unversioned, 512, ReasoningControl.DEFAULT, limits()));

		assertThat(first.policy().version()).isEqualTo(5L);
		versions.apply(List.of(announce(4))); // redelivered or reordered: older than what is known
		model.script(r -> TemplateModel.Reply.sample(r, "Reset."));
		RolloutCompleted next = announced.play(plan(unversioned, 512, ReasoningControl.DEFAULT, limits()));
		assertThat(next.policy().version()).isEqualTo(6L);
	}

	private static PolicyUpdated announce(long version) {
		return new PolicyUpdated(PolicyUpdated.SCHEMA_VERSION, java.util.UUID.randomUUID(), TemplateModel.UNVERSIONED,
				version, version, null, java.time.Instant.now());
	}

	@Test
	void aPolicyThatNeverStopsCallingToolsEndsAtTheTurnLimit() {
		model.script(r -> TemplateModel.Reply.sample(r, TURN_3));

		RolloutCompleted rollout = loop.play(plan(endpoint(model), 512, ReasoningControl.DEFAULT,
				new EpisodeLimits(3, null, 8, Duration.ofSeconds(30))));

		assertThat(rollout.finishReason()).isEqualTo(FinishReason.MAX_TURNS);
		assertThat(rollout.turns()).hasSize(3);
		assertThat(rollout.messages().getLast().role()).isEqualTo("tool");
	}

	@Test
	void repeatedMalformedToolCallsEndTheEpisodeAtTheToolErrorLimitWithoutAborting() {
		model.script(r -> TemplateModel.Reply.sample(r, "<tool_call>{\"name\":\"reboot\",\"arguments\":{}}</tool_call>"));

		RolloutCompleted rollout = loop.play(plan(endpoint(model), 512, ReasoningControl.DEFAULT,
				new EpisodeLimits(8, null, 2, Duration.ofSeconds(30))));

		assertThat(rollout.finishReason()).isEqualTo(FinishReason.TOOL_ERRORS);
		assertThat(rollout.turns()).hasSize(2);
	}

	@Test
	void theTotalTokenLimitCapsEachCallAndEndsTheEpisode() {
		model.script(r -> TemplateModel.Reply.sample(r, toolMessages(r) == 0 ? TURN_3 : "y".repeat(500)));
		int before = model.requests.size();

		RolloutCompleted rollout = loop.play(plan(endpoint(model), 512, ReasoningControl.DEFAULT,
				new EpisodeLimits(8, 100, 8, Duration.ofSeconds(30))));

		assertThat(rollout.finishReason()).isEqualTo(FinishReason.LENGTH);
		assertThat(model.requests.get(before + 1).path("max_tokens").asInt()).isEqualTo(100 - TURN_3.length());
	}

	@Test
	void anEnvironmentThatFailsDuringAToolCallFailsTheRollout() {
		model.script(r -> TemplateModel.Reply.sample(r, TURN_3));
		desk.toolsDown = true;
		try {
			assertThatThrownBy(() -> loop.play(plan(endpoint(model), 512, ReasoningControl.DEFAULT, limits())))
				.isInstanceOf(EnvironmentException.class)
				.hasMessageContaining("503");
		}
		finally {
			desk.toolsDown = false;
		}
	}

}
