package dev.gauntlet.environment.itdesk;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.gauntlet.environment.itdesk.World.Article;
import dev.gauntlet.environment.itdesk.World.Asset;
import dev.gauntlet.environment.itdesk.World.Comment;
import dev.gauntlet.environment.itdesk.World.Group;
import dev.gauntlet.environment.itdesk.World.Ticket;
import dev.gauntlet.environment.itdesk.World.User;

/**
 * Builds a service desk world from a seed, deterministically: the same seed always gives the same world. Every
 * world has the situations the task families need: locked and disabled accounts, administrators, contractors,
 * laptops in stock, tickets in every status.
 */
final class WorldGenerator {

	static final List<String> DEPARTMENTS = List.of("Finance", "Sales", "Engineering", "Marketing", "HR", "Legal",
			"Operations");

	static final List<Group> GROUPS = List.of(
			new Group("service-desk", "Service Desk", "team", false, "First-line support"),
			new Group("network-ops", "Network Operations", "team", false, "VPN, Wi-Fi, firewall and LAN"),
			new Group("hardware-support", "Hardware Support", "team", false, "Laptops, monitors, phones, repairs"),
			new Group("identity-access", "Identity and Access", "team", false, "Accounts, SSO, MFA"),
			new Group("app-support", "Application Support", "team", false, "Business applications"),
			new Group("security-ops", "Security Operations", "team", true, "Incidents, phishing, admin accounts"),
			new Group("vpn-users", "VPN Users", "access", false, "Remote access over the corporate VPN"),
			new Group("github-users", "GitHub Users", "access", false, "Access to the company GitHub organisation"),
			new Group("finance-reports", "Finance Reports", "access", false, "Read access to finance reporting"),
			new Group("crm-users", "CRM Users", "access", false, "Access to the sales CRM"),
			new Group("wiki-editors", "Wiki Editors", "access", false, "Edit rights on the internal wiki"),
			new Group("domain-admins", "Domain Admins", "access", true, "Full administrative rights on the domain"));

	static final List<String> ACCESS_GROUPS = GROUPS.stream()
		.filter(g -> g.kind().equals("access") && !g.privileged())
		.map(Group::id)
		.toList();

	static final List<String> TEAMS = GROUPS.stream()
		.filter(g -> g.kind().equals("team") && !g.privileged())
		.map(Group::id)
		.toList();

	private static final List<String> FIRST = List.of("Alice", "Bruno", "Chen", "Dana", "Elif", "Farah", "Goran",
			"Hana", "Ivan", "Jonas", "Kenji", "Laura", "Mateo", "Nadia", "Oscar", "Priya", "Quinn", "Rosa", "Samir",
			"Tara", "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zoe", "Amara", "Boris", "Carla", "Dmitri", "Esther",
			"Felix", "Greta", "Hugo", "Ines", "Jamal", "Kira", "Liam", "Maya", "Nils");

	private static final List<String> LAST = List.of("Abbott", "Barros", "Castillo", "Dietrich", "Eriksen", "Fischer",
			"Gallo", "Haddad", "Ibarra", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov",
			"Quiroga", "Rossi", "Sato", "Tanaka", "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zimmermann", "Achebe",
			"Bauer", "Costa", "Duarte", "Engel", "Ferreira", "Grant", "Holm", "Ivanova", "Jovanovic", "Keller",
			"Larsen", "Meyer", "Novak");

	private static final List<String> TITLES = List.of("Analyst", "Specialist", "Coordinator", "Associate",
			"Consultant", "Manager", "Engineer", "Advisor");

	/** The knowledge base: title, tags. Ids vary with the seed. */
	static final List<List<String>> ARTICLES = List.of(
			List.of("Connecting to the corporate VPN", "vpn remote access connect home"),
			List.of("Setting up MFA on a new phone", "mfa authenticator phone two-factor"),
			List.of("Resetting a forgotten password", "password forgot reset login"),
			List.of("Mapping a network printer", "printer print network"),
			List.of("Requesting access to a shared mailbox", "mailbox shared email access"),
			List.of("Outlook does not sync", "outlook email sync calendar"),
			List.of("Docking station displays not detected", "dock monitor display screen"),
			List.of("Installing approved software from the portal", "software install portal application"),
			List.of("Reporting a phishing email", "phishing suspicious email security"),
			List.of("Laptop will not boot: first checks", "laptop boot power start"),
			List.of("Wi-Fi drops in the office", "wifi wireless network office"),
			List.of("Requesting a loaner laptop", "loaner laptop repair replacement"),
			List.of("Encrypting a USB drive", "usb encryption bitlocker drive"),
			List.of("Joining a meeting from a room system", "meeting room video conference"));

	private static final List<String> CATEGORIES = List.of("access", "hardware", "software", "network");

	private static final List<List<String>> TITLES_BY_CATEGORY = List.of(
			List.of("Cannot access shared drive", "Need access to finance reports", "SSO login loop"),
			List.of("Monitor flickers", "Keyboard keys stuck", "Laptop battery drains fast"),
			List.of("Excel crashes on open", "Outlook not syncing", "License expired for design tool"),
			List.of("VPN disconnects every hour", "Wi-Fi slow on floor 3", "Cannot reach intranet"));

	private static final String ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	private WorldGenerator() {
	}

	static World generate(long seed) {
		Random rng = new Random(seed);
		TreeMap<String, Group> groups = new TreeMap<>();
		GROUPS.forEach(g -> groups.put(g.id(), g));
		TreeMap<String, User> users = users(rng);
		TreeMap<String, Asset> assets = assets(rng, users);
		TreeMap<String, Article> articles = articles(rng);
		TreeMap<String, Ticket> tickets = tickets(rng, users, assets);
		return new World(seed, users, groups, assets, tickets, articles, new TreeSet<>());
	}

	private static TreeMap<String, User> users(Random rng) {
		List<String> first = shuffled(FIRST, rng);
		List<String> last = shuffled(LAST, rng);
		Set<String> employeeNumbers = new HashSet<>();
		List<User> made = new ArrayList<>();
		int count = 28;
		List<String> managers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String name = first.get(i) + " " + last.get(i);
			String id = (first.get(i).charAt(0) + last.get(i)).toLowerCase();
			String department = i < 2 ? "IT" : DEPARTMENTS.get((i - 2) % DEPARTMENTS.size());
			boolean manager = i >= 2 && i < 2 + DEPARTMENTS.size();
			String role = i < 2 ? "admin" : (i >= count - 3 ? "contractor" : "employee");
			String employeeNumber;
			do {
				employeeNumber = "E" + (10000 + rng.nextInt(90000));
			}
			while (!employeeNumbers.add(employeeNumber));
			String managerId = manager || i < 2 ? "" : managers.get((i - 2) % DEPARTMENTS.size());
			if (manager) {
				managers.add(id);
			}
			// Situations the task families need, at fixed positions among the ordinary employees.
			boolean disabled = i == 20 || i == 21;
			boolean locked = i == 10 || i == 11 || i == 12 || i == 13 || i == 21 || i == 0;
			List<String> memberships = new ArrayList<>();
			if (role.equals("admin")) {
				memberships.add("domain-admins");
				memberships.add("security-ops");
			}
			for (String g : ACCESS_GROUPS) {
				if (rng.nextInt(3) == 0) {
					memberships.add(g);
				}
			}
			if (role.equals("employee") && !disabled && i >= 9 && i < 19) {
				memberships.add(TEAMS.get(i % TEAMS.size()));
			}
			String title = manager ? department + " Manager"
					: role.equals("admin") ? "Systems Administrator" : TITLES.get(rng.nextInt(TITLES.size()));
			made.add(new User(id, name, id + "@example.com", department, title, role, employeeNumber, managerId,
					disabled ? "disabled" : "active", locked, locked ? 5 : rng.nextInt(3), false, 0, memberships));
		}
		TreeMap<String, User> users = new TreeMap<>();
		made.forEach(u -> users.put(u.id(), u));
		return users;
	}

	private static TreeMap<String, Asset> assets(Random rng, TreeMap<String, User> users) {
		TreeMap<String, Asset> assets = new TreeMap<>();
		Set<Integer> numbers = new HashSet<>();
		for (User user : users.values()) {
			String laptop = tag("LT", rng, numbers);
			assets.put(laptop, new Asset(laptop, "laptop", laptopModel(rng), serial(rng), user.id(), "in_use"));
			if (rng.nextBoolean()) {
				String phone = tag("PH", rng, numbers);
				assets.put(phone, new Asset(phone, "phone", rng.nextBoolean() ? "iPhone 15" : "Pixel 8", serial(rng),
						user.id(), "in_use"));
			}
			if (rng.nextInt(3) == 0) {
				String monitor = tag("MN", rng, numbers);
				assets.put(monitor, new Asset(monitor, "monitor", "Dell U2723QE", serial(rng), user.id(), "in_use"));
			}
		}
		for (int i = 0; i < 4; i++) {
			String laptop = tag("LT", rng, numbers);
			assets.put(laptop, new Asset(laptop, "laptop", laptopModel(rng), serial(rng), "", "in_stock"));
		}
		for (int i = 0; i < 2; i++) {
			String phone = tag("PH", rng, numbers);
			assets.put(phone, new Asset(phone, "phone", "Pixel 8", serial(rng), "", "in_stock"));
		}
		String repair = tag("LT", rng, numbers);
		assets.put(repair, new Asset(repair, "laptop", laptopModel(rng), serial(rng), "", "repair"));
		String retired = tag("LT", rng, numbers);
		assets.put(retired, new Asset(retired, "laptop", "ThinkPad T480", serial(rng), "", "retired"));
		return assets;
	}

	private static TreeMap<String, Article> articles(Random rng) {
		TreeMap<String, Article> articles = new TreeMap<>();
		Set<Integer> numbers = new HashSet<>();
		for (List<String> a : ARTICLES) {
			int n;
			do {
				n = 1000 + rng.nextInt(9000);
			}
			while (!numbers.add(n));
			String id = "KB" + n;
			articles.put(id, new Article(id, a.get(0), "Steps: see the title. Applies to all managed devices. Tags: "
					+ a.get(1) + ".", List.of(a.get(1).split(" "))));
		}
		return articles;
	}

	private static TreeMap<String, Ticket> tickets(Random rng, TreeMap<String, User> users,
			TreeMap<String, Asset> assets) {
		TreeMap<String, Ticket> tickets = new TreeMap<>();
		List<User> requesters = users.values().stream().filter(User::active).toList();
		List<String> statuses = List.of("new", "new", "open", "open", "open", "in_progress", "in_progress",
				"pending", "resolved", "closed");
		int number = 10000 + rng.nextInt(80000);
		for (int i = 0; i < 20; i++) {
			int c = rng.nextInt(CATEGORIES.size());
			String category = CATEGORIES.get(c);
			User requester = requesters.get(rng.nextInt(requesters.size()));
			String status = statuses.get(i % statuses.size());
			String group = status.equals("new") ? "" : teamFor(category);
			String assetTag = "";
			if (category.equals("hardware")) {
				assetTag = assets.values()
					.stream()
					.filter(a -> a.assignedTo().equals(requester.id()))
					.findFirst()
					.map(Asset::tag)
					.orElse("");
			}
			String priority = "P" + (2 + rng.nextInt(3));
			String title = TITLES_BY_CATEGORY.get(c).get(rng.nextInt(3));
			String id = "INC" + (number + i);
			List<Comment> comments = rng.nextBoolean() ? List.of(new Comment(requester.id(), "Any update?", false))
					: List.of();
			tickets.put(id, new Ticket(id, number + i, requester.id(), title, title + ", reported by " + requester.name(),
					category, priority, status, group, "", assetTag, 0,
					status.equals("resolved") || status.equals("closed") ? "fixed" : "", comments, false));
		}
		return tickets;
	}

	static String teamFor(String category) {
		return switch (category) {
			case "hardware" -> "hardware-support";
			case "network" -> "network-ops";
			case "access" -> "identity-access";
			case "security" -> "security-ops";
			default -> "app-support";
		};
	}

	private static String tag(String prefix, Random rng, Set<Integer> numbers) {
		int n;
		do {
			n = 1000 + rng.nextInt(9000);
		}
		while (!numbers.add(n));
		return prefix + "-" + n;
	}

	private static String serial(Random rng) {
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < 10; i++) {
			s.append(ALNUM.charAt(rng.nextInt(ALNUM.length())));
		}
		return s.toString();
	}

	private static String laptopModel(Random rng) {
		List<String> models = List.of("ThinkPad X1 Carbon", "Dell Latitude 7440", "MacBook Pro 14", "HP EliteBook 840");
		return models.get(rng.nextInt(models.size()));
	}

	private static <T> List<T> shuffled(List<T> list, Random rng) {
		List<T> copy = new ArrayList<>(list);
		java.util.Collections.shuffle(copy, rng);
		return copy;
	}

}
