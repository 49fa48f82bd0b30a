package dev.gauntlet.environment.itdesk;

import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state of one session's service desk: its tables, keyed by id. It is mutable (tools change it in place) and
 * serializes to JSON as a whole, which is how a session is stored. Optional references are empty strings, never
 * null, so that rows compare and digest simply.
 *
 * @param seed the world's seed; temporary passwords derive from it so that a replay gets the same ones
 * @param verified users whose identity was verified in this session (a session fact, not part of the end state)
 */
record World(long seed, TreeMap<String, User> users, TreeMap<String, Group> groups, TreeMap<String, Asset> assets,
		TreeMap<String, Ticket> tickets, TreeMap<String, Article> articles, TreeSet<String> verified) {

	/** The desk agent the policy acts as; comments and changes are made in its name. */
	static final String AGENT = "desk-agent";

	/**
	 * @param role {@code employee}, {@code contractor} or {@code admin}
	 * @param managerId the manager's user id, or "" for none
	 * @param status {@code active} or {@code disabled}
	 */
	record User(String id, String name, String email, String department, String title, String role,
			String employeeNumber, String managerId, String status, boolean locked, int failedLogins,
			boolean mustChangePassword, int passwordResets, List<String> groups) {

		User {
			groups = List.copyOf(new TreeSet<>(groups));
		}

		boolean active() {
			return status.equals("active");
		}

	}

	/**
	 * @param kind {@code team} (a support team that tickets are routed to) or {@code access} (an access group)
	 * @param privileged whether only the security team may grant membership
	 */
	record Group(String id, String name, String kind, boolean privileged, String description) {
	}

	/**
	 * @param assignedTo user id or ""
	 * @param status {@code in_use}, {@code in_stock}, {@code repair} or {@code retired}
	 */
	record Asset(String tag, String type, String model, String serial, String assignedTo, String status) {
	}

	/**
	 * @param group the support team the ticket is routed to, or ""
	 * @param assignee a member of that team, or ""
	 * @param assetTag the device concerned, or ""
	 * @param resolution the resolution code once resolved, or ""
	 * @param createdInSession whether the ticket was opened during the episode (its number is then not compared)
	 */
	record Ticket(String id, int number, String requester, String title, String description, String category,
			String priority, String status, String group, String assignee, String assetTag, int escalationLevel,
			String resolution, List<Comment> comments, boolean createdInSession) {

		Ticket {
			comments = List.copyOf(comments);
		}

	}

	record Comment(String author, String body, boolean internal) {
	}

	record Article(String id, String title, String body, List<String> tags) {

		Article {
			tags = List.copyOf(tags);
		}

	}

}
