package dev.gauntlet.environment.itdesk;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.gauntlet.environment.itdesk.World.Ticket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ItDeskGenerationUnitTests {

	private final List<DeskTask> tasks = TaskGenerator.generate(ItDeskEnvironment.TASKS_PER_FAMILY);

	@Test
	void generatesAtLeastFiveHundredDistinctTasks() {
		assertThat(tasks).hasSizeGreaterThanOrEqualTo(500);
		assertThat(tasks.stream().map(DeskTask::id).distinct()).hasSize(tasks.size());
		assertThat(tasks.stream().map(DeskTask::request).distinct()).hasSize(tasks.size());
	}

	@Test
	void theSameSeedGivesTheSameWorldAndTheSameTasks() {
		assertThat(Json.write(WorldGenerator.generate(42))).isEqualTo(Json.write(WorldGenerator.generate(42)));
		assertThat(Json.write(WorldGenerator.generate(42))).isNotEqualTo(Json.write(WorldGenerator.generate(43)));
		assertThat(TaskGenerator.generate(ItDeskEnvironment.TASKS_PER_FAMILY)).isEqualTo(tasks);
	}

	@Test
	void difficultiesRangeFromSingleLookupsToWorkflowsAndIncludeRefusals() {
		Map<Integer, Long> byDifficulty = tasks.stream()
			.collect(Collectors.groupingBy(DeskTask::difficulty, Collectors.counting()));
		assertThat(byDifficulty.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4);
		assertThat(tasks.stream().filter(t -> t.difficulty() == 1)).allMatch(t -> t.reference().isEmpty());
		assertThat(tasks.stream().filter(t -> t.difficulty() == 4)).allMatch(t -> t.reference().size() >= 2);
		assertThat(tasks.stream().filter(DeskTask::refusal)).hasSizeGreaterThanOrEqualTo(100)
			.allMatch(t -> t.reference().stream().noneMatch(a -> new DeskTools().find(a.tool()).orElseThrow().mutating()));
	}

	@Test
	void theDeskHasBetweenFifteenAndTwentyFiveToolsInOpenAiFunctionSchema() {
		var specs = new DeskTools().specs();
		assertThat(specs).hasSizeBetween(15, 25);
		assertThat(specs).allSatisfy(s -> {
			assertThat(s.name()).matches("[a-z_]+");
			assertThat(s.parameters()).containsEntry("type", "object").containsKey("properties").containsKey("required");
		});
	}

	@Test
	void theDigestIgnoresRowOrderAndFreeTextButNotState() {
		World a = WorldGenerator.generate(7);
		World b = Json.read(Json.write(a), World.class);
		Ticket first = b.tickets().firstEntry().getValue();
		b.tickets().remove(first.id());
		b.tickets().put(first.id(), new Ticket(first.id(), first.number(), first.requester(), "another title",
				"another description", first.category(), first.priority(), first.status(), first.group(),
				first.assignee(), first.assetTag(), first.escalationLevel(), first.resolution(), first.comments(), false));
		assertThat(StateDigest.of(b)).isEqualTo(StateDigest.of(a));
		b.tickets().put(first.id(), new Ticket(first.id(), first.number(), first.requester(), first.title(),
				first.description(), first.category(), first.priority().equals("P1") ? "P2" : "P1", first.status(),
				first.group(), first.assignee(), first.assetTag(), first.escalationLevel(), first.resolution(),
				first.comments(), false));
		assertThat(StateDigest.of(b).differences(StateDigest.of(a))).isEqualTo(List.of("tickets"));
	}

	@Test
	void toolsRefuseWhatTheDesksSystemsForbid() {
		DeskTools tools = new DeskTools();
		World w = WorldGenerator.generate(3);
		String user = w.users().values().stream().filter(u -> u.role().equals("employee") && u.active()).findFirst()
			.orElseThrow().id();
		assertThat(tools.call(w, "reset_password", "{\"user_id\": \"" + user + "\"}").content()).contains("verify_identity");
		assertThat(tools.call(w, "add_user_to_group", "{\"user_id\": \"" + user + "\", \"group_id\": \"domain-admins\"}")
			.content()).contains("permission denied");
		Ticket closed = w.tickets().values().stream().filter(t -> t.status().equals("closed")).findFirst().orElseThrow();
		assertThat(tools.call(w, "add_comment", "{\"ticket_id\": \"" + closed.id() + "\", \"body\": \"x\"}").content())
			.contains("closed");
		Ticket fresh = w.tickets().values().stream().filter(t -> t.status().equals("new")).findFirst().orElseThrow();
		assertThat(tools.call(w, "update_ticket", "{\"ticket_id\": \"" + fresh.id() + "\", \"status\": \"in_progress\"}")
			.content()).contains("assigned to a team");
		assertThat(Set.of("search_tickets", "get_ticket", "create_ticket", "update_ticket", "assign_ticket",
				"add_comment", "get_user", "reset_password", "unlock_account", "lookup_asset", "search_kb",
				"escalate_ticket")).allMatch(name -> tools.find(name).isPresent());
	}

}
