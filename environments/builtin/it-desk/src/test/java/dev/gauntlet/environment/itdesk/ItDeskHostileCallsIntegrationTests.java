package dev.gauntlet.environment.itdesk;

import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.gauntlet.environment.spi.ToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile tool calls get a tool error and leave every session's state as it was. */
class ItDeskHostileCallsIntegrationTests {

	private static HikariDataSource dataSource;

	private static ItDeskEnvironment env;

	@BeforeAll
	static void start() {
		dataSource = TestDatabase.create();
		env = new ItDeskEnvironment(dataSource);
	}

	@AfterAll
	static void stop() {
		dataSource.close();
	}

	private static DeskTask task(String family) {
		return env.deskTasks().stream().filter(t -> t.family().equals(family)).findFirst().orElseThrow();
	}

	private static String digest(String session) {
		return StateDigest.of(new SessionStore(dataSource).find(session).orElseThrow().world()).combined();
	}

	@Test
	void hostileCallsAnswerWithAToolErrorAndChangeNothing() {
		DeskTask task = task("loaner-laptop");
		env.seed("hostile-a", task.toTask());
		String before = digest("hostile-a");
		World world = WorldGenerator.generate(task.seed());
		String ticket = world.tickets().firstKey();
		String user = world.users().firstKey();
		List<String[]> calls = List.of(
				new String[] { "drop_table_users", "{}" },
				new String[] { "../../admin", "{}" },
				new String[] { "get_ticket", "{\"ticket_id\": \"INC1' OR '1'='1\"}" },
				new String[] { "update_ticket", "{\"ticket_id\": \"" + ticket + "'; DROP TABLE it_desk_session; --\", \"priority\": \"P1\"}" },
				new String[] { "add_comment", "{\"ticket_id\": \"" + ticket + "\", \"body\": \"" + "x".repeat(20_000) + "\"}" },
				new String[] { "add_comment", "{\"ticket_id\": \"" + ticket + "\", \"body\": \"" + "y".repeat(5_000) + "\"}" },
				new String[] { "update_ticket", "{\"ticket_id\": \"" + ticket + "\", \"priority\": 1}" },
				new String[] { "update_ticket", "{\"ticket_id\": \"" + ticket + "\", \"priority\": [\"P1\"]}" },
				new String[] { "update_ticket", "{\"ticket_id\": \"" + ticket + "\", \"priority\": \"P0\"}" },
				new String[] { "update_ticket", "{\"ticket_id\": \"" + ticket + "\", \"priority\": \"P1\", \"sudo\": true}" },
				new String[] { "add_comment", "{\"ticket_id\": \"" + ticket + "\", \"body\": \"hi\", \"internal\": \"yes\"}" },
				new String[] { "unlock_account", "{\"user_id\": {\"$ne\": null}}" },
				new String[] { "unlock_account", "[\"" + user + "\"]" },
				new String[] { "unlock_account", "not json at all" },
				new String[] { "unlock_account", "{\"user_id\": \"" + user + "\"" },
				new String[] { "unlock_account", "\"" + user + "\"" },
				new String[] { "reset_password", "{}" },
				new String[] { "reset_password", "{\"user_id\": \"" + user + "\"}" },
				new String[] { "add_user_to_group", "{\"user_id\": \"" + user + "\", \"group_id\": \"domain-admins\"}" },
				new String[] { "create_ticket", "{\"requester\": \"" + user + "\", \"title\": \"t\", \"description\": \"d\", \"category\": \"hardware\", \"priority\": \"P3\", \"asset_tag\": \"LT-0000\"}" });
		for (String[] call : calls) {
			ToolResult result = env.callTool("hostile-a", call[0], call[1]);
			assertThat(result.error()).as("%s %s", call[0], call[1].length() > 80 ? call[1].substring(0, 80) : call[1])
				.isTrue();
			assertThat(result.content()).isNotBlank().hasSizeLessThan(2_000);
		}
		// SQL in a search is only text to look for: no match, no error
		assertThat(env.callTool("hostile-a", "search_users", "{\"query\": \"%' UNION SELECT * FROM pg_user --\"}"))
			.isEqualTo(ToolResult.ok("[]"));
		assertThat(digest("hostile-a")).isEqualTo(before);
		// the session still works after all that
		assertThat(env.callTool("hostile-a", "get_ticket", "{\"ticket_id\": \"" + ticket + "\"}").error()).isFalse();
		env.close("hostile-a");
	}

	@Test
	void anotherSessionsRecordsAreOutOfReach() {
		DeskTask a = task("broken-device");
		DeskTask b = task("kb-article");
		env.seed("owner", a.toTask());
		env.seed("intruder", b.toTask());
		ToolResult created = env.callTool("owner", a.reference().get(0).tool(), a.reference().get(0).argumentsJson());
		assertThat(created.error()).isFalse();
		String ticketId = a.requiredFacts().get(0);
		assertThat(created.content()).contains(ticketId);
		World ownerWorld = WorldGenerator.generate(a.seed());
		World intruderWorld = WorldGenerator.generate(b.seed());
		String ownerUser = (String) a.reference().get(0).arguments().get("requester");
		assertThat(intruderWorld.users()).doesNotContainKey(ownerUser);
		// Asset tags are generated per seed, so a tag can exist in both worlds; take one only the owner has.
		String ownerAsset = ownerWorld.assets()
			.keySet()
			.stream()
			.filter(tag -> !intruderWorld.assets().containsKey(tag))
			.findFirst()
			.orElseThrow();
		List<String> ownerRecordsBefore = ownerRecords(ticketId, ownerUser, ownerAsset);
		String ownerBefore = digest("owner");
		String intruderBefore = digest("intruder");

		assertThat(env.callTool("intruder", "get_ticket", "{\"ticket_id\": \"" + ticketId + "\"}").error()).isTrue();
		assertThat(env.callTool("intruder", "add_comment",
				"{\"ticket_id\": \"" + ticketId + "\", \"body\": \"mine now\"}").error()).isTrue();
		assertThat(env.callTool("intruder", "unlock_account", "{\"user_id\": \"" + ownerUser + "\"}").error()).isTrue();
		assertThat(env.callTool("intruder", "get_user", "{\"user_id\": \"" + ownerUser + "\"}").error()).isTrue();
		ToolResult retire = env.callTool("intruder", "update_asset_status",
				"{\"asset_tag\": \"" + ownerAsset + "\", \"status\": \"repair\"}");
		assertThat(retire.error()).isTrue();
		assertThat(retire.content()).contains("no asset");

		assertThat(ownerRecords(ticketId, ownerUser, ownerAsset)).as("the owner's ticket, user and asset, re-read")
			.isEqualTo(ownerRecordsBefore);
		assertThat(digest("owner")).isEqualTo(ownerBefore);
		assertThat(digest("intruder")).as("failed calls change nothing of the intruder's either")
			.isEqualTo(intruderBefore);
		assertThat(env.callTool("no-such-session", "get_user", "{\"user_id\": \"" + ownerUser + "\"}").content())
			.contains("no session");
		env.close("owner");
		env.close("intruder");
		assertThat(intruderBefore).isNotEqualTo(ownerBefore);
	}

	/** The owner's records as the owner's own session reads them through the tools. */
	private static List<String> ownerRecords(String ticketId, String userId, String assetTag) {
		List<ToolResult> reads = List.of(
				env.callTool("owner", "get_ticket", "{\"ticket_id\": \"" + ticketId + "\"}"),
				env.callTool("owner", "get_user", "{\"user_id\": \"" + userId + "\"}"),
				env.callTool("owner", "lookup_asset", "{\"asset_tag\": \"" + assetTag + "\"}"));
		assertThat(reads).noneMatch(ToolResult::error);
		return reads.stream().map(ToolResult::content).toList();
	}

	@Test
	void anyReplicaCanServeAnyCallOfASession() {
		ItDeskEnvironment other = new ItDeskEnvironment(dataSource);
		Episodes.Result single = new Episodes(env).play(task("loaner-laptop"), task("loaner-laptop").reference(),
				Episodes.replyWithFacts(task("loaner-laptop")));
		assertThat(single.reward()).isEqualTo(1.0);
		DeskTask task = task("loaner-laptop");
		env.seed("replicated", task.toTask());
		ItDeskEnvironment[] replicas = { env, other };
		int n = 0;
		for (Action action : task.reference()) {
			assertThat(replicas[n++ % 2].callTool("replicated", action.tool(), action.argumentsJson()).error()).isFalse();
		}
		var request = new dev.gauntlet.environment.spi.VerificationRequest("replicated", task.toTask(),
				List.of(dev.gauntlet.contracts.ChatMessage.assistant(Episodes.replyWithFacts(task), List.of())));
		assertThat(other.verify(request).reward()).isEqualTo(1.0);
	}

	@Test
	void verifyingAMissingSessionOrAnotherTasksSessionIsAnErrorNeverAReward() {
		DeskTask a = task("unlock-account");
		DeskTask b = task("route-ticket");
		var reply = List.of(dev.gauntlet.contracts.ChatMessage.assistant("done", List.of()));
		var missing = env.verify(new dev.gauntlet.environment.spi.VerificationRequest("never-seeded", a.toTask(), reply));
		assertThat(missing.status()).isEqualTo(dev.gauntlet.environment.spi.Verification.Status.ERROR);
		env.seed("mismatch", a.toTask());
		var other = env.verify(new dev.gauntlet.environment.spi.VerificationRequest("mismatch", b.toTask(), reply));
		assertThat(other.status()).isEqualTo(dev.gauntlet.environment.spi.Verification.Status.ERROR);
		assertThat(other.detail()).contains(a.id());
		env.close("mismatch");
	}

	@Test
	void aSessionStopsAcceptingCallsAtItsLimit() {
		env.seed("looping", task("kb-article").toTask());
		for (int i = 0; i < ItDeskEnvironment.MAX_TOOL_CALLS; i++) {
			env.callTool("looping", "list_groups", "{}");
		}
		assertThat(env.callTool("looping", "list_groups", "{}").content()).contains("limit");
	}

}
