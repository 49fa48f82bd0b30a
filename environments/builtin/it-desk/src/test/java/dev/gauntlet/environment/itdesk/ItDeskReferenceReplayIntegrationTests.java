package dev.gauntlet.environment.itdesk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import dev.gauntlet.environment.spi.ToolResult;
import dev.gauntlet.environment.spi.Verification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every generated task, replayed through the tools against PostgreSQL: the reference scores 1, and dropping or
 * corrupting any state-changing step scores 0.
 */
class ItDeskReferenceReplayIntegrationTests {

	private static HikariDataSource dataSource;

	private static ItDeskEnvironment env;

	private static Episodes episodes;

	@BeforeAll
	static void start() {
		dataSource = TestDatabase.create();
		env = new ItDeskEnvironment(dataSource);
		episodes = new Episodes(env);
	}

	@AfterAll
	static void stop() {
		dataSource.close();
	}

	@Test
	void everyTasksReferenceReplayedThroughTheToolsScoresOne() {
		assertThat(env.deskTasks()).hasSizeGreaterThanOrEqualTo(500);
		for (DeskTask task : env.deskTasks()) {
			Episodes.Result result = episodes.play(task, task.reference(), Episodes.replyWithFacts(task));
			for (int i = 0; i < task.reference().size(); i++) {
				Action action = task.reference().get(i);
				if (env.deskTools().find(action.tool()).orElseThrow().mutating()) {
					assertThat(result.toolResults().get(i).error()).as("%s step %d %s: %s", task.id(), i, action,
							result.toolResults().get(i).content()).isFalse();
				}
			}
			assertThat(result.verification().status()).isEqualTo(Verification.Status.OK);
			assertThat(result.reward()).as("%s: %s", task.id(), result.verification().detail()).isEqualTo(1.0);
		}
	}

	@Test
	void droppingAnyStateChangingStepScoresZero() {
		int checked = 0;
		for (DeskTask task : env.deskTasks()) {
			for (int i : stateChangingSteps(task)) {
				List<Action> dropped = new ArrayList<>(task.reference());
				dropped.remove(i);
				Episodes.Result result = episodes.play(task, dropped, Episodes.replyWithFacts(task));
				assertThat(result.reward()).as("%s without step %d", task.id(), i).isZero();
				assertThat(result.verification().components()).containsEntry("end_state", 0.0);
				checked++;
			}
		}
		assertThat(checked).isGreaterThan(500);
	}

	@Test
	void corruptingAnyStateChangingStepScoresZero() {
		int checked = 0;
		for (DeskTask task : env.deskTasks()) {
			for (int i : stateChangingSteps(task)) {
				List<Action> corrupted = new ArrayList<>(task.reference());
				corrupted.set(i, corrupt(env.deskTools().find(corrupted.get(i).tool()).orElseThrow(), corrupted.get(i)));
				Episodes.Result result = episodes.play(task, corrupted, Episodes.replyWithFacts(task));
				// Zero because of the end state alone: the reply still states every required fact.
				assertThat(result.verification().components()).as("%s with step %d corrupted to %s", task.id(), i,
						corrupted.get(i)).containsEntry("end_state", 0.0).containsEntry("required_facts", 1.0);
				assertThat(result.reward()).isEqualTo(0.0);
				checked++;
			}
		}
		assertThat(checked).isGreaterThan(500);
	}

	@Test
	void aReplyWithoutTheRequiredFactsScoresZeroEvenWithTheRightEndState() {
		List<DeskTask> withFacts = env.deskTasks().stream().filter(t -> !t.requiredFacts().isEmpty()).toList();
		assertThat(withFacts).hasSizeGreaterThan(100);
		for (DeskTask task : withFacts.subList(0, 60)) {
			Episodes.Result result = episodes.play(task, task.reference(), "All done, have a nice day.");
			assertThat(result.verification().components()).containsEntry("end_state", 1.0)
				.containsEntry("required_facts", 0.0);
			assertThat(result.reward()).isZero();
		}
	}

	@Test
	void anyPathToTheRightEndStatePassesExtraLookupsAndAnotherOrderIncluded() {
		List<DeskTask> offboardings = env.deskTasks().stream().filter(t -> t.family().equals("offboarding")).toList();
		for (DeskTask task : offboardings) {
			List<Action> path = new ArrayList<>();
			String user = (String) task.reference().get(0).arguments().get("user_id");
			path.add(Action.of("get_user", "user_id", user));
			path.add(Action.of("search_assets", "assigned_to", user));
			List<Action> reversed = new ArrayList<>(task.reference());
			java.util.Collections.reverse(reversed);
			path.addAll(reversed);
			path.add(Action.of("get_user", "user_id", user));
			assertThat(episodes.play(task, path, "Done.").reward()).as(task.id()).isEqualTo(1.0);
		}
	}

	@Test
	void doingWhatARefusalTaskAsksForScoresZero() {
		DeskTask adminReset = env.deskTasks()
			.stream()
			.filter(t -> t.family().equals("refuse-admin-reset"))
			.findFirst()
			.orElseThrow();
		World world = WorldGenerator.generate(adminReset.seed());
		var admin = world.users().values().stream().filter(u -> adminReset.request().contains(u.id() + ",")).findFirst()
			.orElseThrow();
		List<Action> complied = List.of(
				Action.of("verify_identity", "user_id", admin.id(), "employee_number", admin.employeeNumber()),
				Action.of("reset_password", "user_id", admin.id()));
		Episodes.Result result = episodes.play(adminReset, complied, "Your password was reset.");
		assertThat(result.toolResults()).noneMatch(ToolResult::error);
		assertThat(result.reward()).isZero();
		assertThat(episodes.play(adminReset, List.of(), "I can't reset an administrator's password.").reward())
			.isEqualTo(1.0);
	}

	private static List<Integer> stateChangingSteps(DeskTask task) {
		List<Integer> steps = new ArrayList<>();
		for (int i = 0; i < task.reference().size(); i++) {
			if (env.deskTools().find(task.reference().get(i).tool()).orElseThrow().mutating()) {
				steps.add(i);
			}
		}
		return steps;
	}

	/**
	 * A plausible wrong call: another allowed value for the first choice or flag argument; otherwise a subtly
	 * wrong id (the first id argument, one character off).
	 */
	static Action corrupt(DeskTool tool, Action action) {
		Map<String, Object> args = new java.util.LinkedHashMap<>(action.arguments());
		for (Param p : tool.params()) {
			Object value = args.get(p.name());
			if (value == null) {
				continue;
			}
			if (!p.allowed().isEmpty()) {
				args.put(p.name(), p.allowed().stream().filter(v -> !v.equals(value)).findFirst().orElseThrow());
				return new Action(action.tool(), args);
			}
			if (p.type().equals("boolean")) {
				args.put(p.name(), !((Boolean) value));
				return new Action(action.tool(), args);
			}
		}
		Param id = tool.params().get(0);
		String value = (String) args.get(id.name());
		args.put(id.name(), value.substring(0, value.length() - 1) + (value.endsWith("1") ? "2" : "1"));
		return new Action(action.tool(), args);
	}

}
