package dev.gauntlet.environment.itdesk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gauntlet.environment.itdesk.World.Asset;
import dev.gauntlet.environment.itdesk.World.Ticket;
import dev.gauntlet.environment.itdesk.World.User;

/**
 * An order-independent digest of a world's end state, table by table, as tau-bench hashes its database: each row
 * becomes a canonical string, the rows of a table are sorted, and the sorted list is hashed (SHA-256). Two worlds
 * that hold the same rows have the same digest however the rows got there.
 *
 * <p>What is compared: accounts (status, lock, password resets, must-change flag, groups), assets (holder,
 * status) and tickets (requester, category, priority, status, team, assignee, asset, escalation, resolution, and
 * each comment's author and visibility). What is not: free text the model writes (ticket titles and descriptions,
 * comment bodies, reasons), the numbers of tickets opened during the episode (so two tickets opened in either
 * order compare equal), read-only tables (groups, knowledge base) and session facts (verified identities).
 */
record StateDigest(Map<String, String> tables) {

	static StateDigest of(World world) {
		Map<String, String> tables = new LinkedHashMap<>();
		tables.put("users", hash(world.users().values().stream().map(StateDigest::row).toList()));
		tables.put("assets", hash(world.assets().values().stream().map(StateDigest::row).toList()));
		tables.put("tickets", hash(world.tickets().values().stream().map(StateDigest::row).toList()));
		return new StateDigest(tables);
	}

	/** The tables whose digests differ from another state's. */
	List<String> differences(StateDigest other) {
		List<String> differ = new ArrayList<>();
		tables.forEach((name, hash) -> {
			if (!hash.equals(other.tables.get(name))) {
				differ.add(name);
			}
		});
		return differ;
	}

	String combined() {
		return hash(new ArrayList<>(tables.values()));
	}

	static String row(User u) {
		return String.join("\u001f", u.id(), u.status(), Boolean.toString(u.locked()),
				Integer.toString(u.failedLogins()), Boolean.toString(u.mustChangePassword()),
				Integer.toString(u.passwordResets()), String.join(",", u.groups()));
	}

	static String row(Asset a) {
		return String.join("\u001f", a.tag(), a.assignedTo(), a.status());
	}

	static String row(Ticket t) {
		List<String> comments = t.comments()
			.stream()
			.map(c -> c.author() + (c.internal() ? ":internal" : ":public"))
			.sorted()
			.toList();
		return String.join("\u001f", t.createdInSession() ? "new" : t.id(), t.requester(), t.category(),
				t.priority(), t.status(), t.group(), t.assignee(), t.assetTag(), Integer.toString(t.escalationLevel()),
				t.resolution(), String.join(",", comments));
	}

	private static String hash(List<String> rows) {
		List<String> sorted = new ArrayList<>(rows);
		sorted.sort(null);
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (String row : sorted) {
				sha.update(row.getBytes(StandardCharsets.UTF_8));
				sha.update((byte) '\n');
			}
			return HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
