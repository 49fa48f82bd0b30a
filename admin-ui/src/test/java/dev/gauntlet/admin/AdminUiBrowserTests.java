package dev.gauntlet.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.gauntlet.environment.service.EnvironmentServiceApplication;
import dev.gauntlet.testing.InfrastructureTestConfiguration;
import dev.gauntlet.testing.PythonRemote;
import dev.gauntlet.testing.SharedInfrastructure;
import dev.gauntlet.web.GauntletService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin UI in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), against a real
 * environment-service (its own Spring context, without Spring Security) with the example Python remote, and stubs
 * of rollout-service and policy-trainer ({@link ServiceStubs}). One browser and one UI context for every test.
 * Screenshots of the main pages go to target/screenshots/, or to docs/images/ with {@code -Dscreenshots.docs=true}
 * (pixels differ from run to run, so an ordinary build must not rewrite the committed images).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=admin-ui",
				"gauntlet.admin.bootstrap-users[0].username=admin",
				"gauntlet.admin.bootstrap-users[0].password=admin-password-1",
				"gauntlet.admin.bootstrap-users[0].role=ADMIN",
				"gauntlet.admin.bootstrap-users[1].username=viewer",
				"gauntlet.admin.bootstrap-users[1].password=viewer-password-1",
				"gauntlet.admin.bootstrap-users[1].role=VIEWER",
				"gauntlet.admin.environment-service-token=" + AdminUiBrowserTests.TOKEN })
@Import(InfrastructureTestConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminUiBrowserTests {

	static final String TOKEN = "browser-test-admin-token-42";

	static final String CHROMIUM = System.getProperty("gauntlet.chromium", "/usr/bin/chromium");

	static final String CHROMEDRIVER = System.getProperty("gauntlet.chromedriver", "/usr/bin/chromedriver");

	static ConfigurableApplicationContext environmentService;

	static PythonRemote remote;

	static ServiceStubs stubs;

	@LocalServerPort
	int port;

	WebDriver browser;

	Path profile;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		SharedInfrastructure.Endpoints infra = SharedInfrastructure.get();
		remote = PythonRemote.start();
		stubs = new ServiceStubs();
		environmentService = GauntletService.builder(EnvironmentServiceApplication.class, "environment-service")
			.run("--server.port=0", "--spring.datasource.url=" + infra.jdbcUrl(),
					"--spring.datasource.username=" + infra.username(),
					"--spring.datasource.password=" + infra.password(),
					"--gauntlet.environments.remote.allowed-networks=127.0.0.0/8",
					"--gauntlet.environments.api.bootstrap-admin-token=" + TOKEN,
					// Spring Security is on this test classpath for the UI; environment-service never uses it.
					"--spring.autoconfigure.exclude="
							+ "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
							+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
							+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
							+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
							+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration");
		String port = environmentService.getEnvironment().getProperty("local.server.port");
		registry.add("gauntlet.admin.environment-service-url", () -> "http://127.0.0.1:" + port);
		registry.add("gauntlet.admin.rollout-service-url", stubs::url);
		registry.add("gauntlet.admin.trainer-url", stubs::url);
	}

	@AfterAll
	void stop() throws IOException {
		if (browser != null) {
			browser.quit();
		}
		if (profile != null) {
			try (Stream<Path> files = Files.walk(profile)) {
				files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
		environmentService.close();
		remote.close();
		stubs.close();
	}

	WebDriver browser() throws IOException {
		if (browser == null) {
			profile = Files.createTempDirectory("gauntlet-chromium-");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM);
			options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--no-first-run", "--disable-quic", "--window-size=1360,1400", "--user-data-dir=" + profile);
			ChromeDriverService service = new ChromeDriverService.Builder()
				.usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
				.usingAnyFreePort()
				.build();
			browser = new ChromeDriver(service, options);
			browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
		}
		return browser;
	}

	String url(String path) {
		// localhost, not 127.0.0.1: Chromium treats it as a secure context, so the Secure session cookie is kept.
		return "http://localhost:" + port + path;
	}

	WebElement await(By by) {
		return new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	void awaitText(By by, String text) {
		new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
	}

	void screenshot(String name) throws IOException {
		Path dir = Boolean.getBoolean("screenshots.docs") ? Path.of("..", "docs", "images")
				: Path.of("target", "screenshots");
		Files.createDirectories(dir);
		Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

	void signIn(String user, String password) throws IOException {
		browser().get(url("/environments"));
		await(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys(password);
		browser.findElement(By.cssSelector("button[type=submit]")).click();
		await(By.tagName("h1"));
	}

	void type(String id, String text) {
		WebElement field = browser.findElement(By.id(id));
		field.clear();
		field.sendKeys(text);
	}

	void fillRegistration(String name) {
		fillRegistration(name, "1.0.0", "TOOL_USE", "ACTIVE",
				"Arithmetic word problems with a calculator tool, served by the Python example.");
	}

	void fillRegistration(String name, String version, String domain, String lifecycle, String description) {
		type("name", name);
		type("version", version);
		new Select(browser.findElement(By.id("domain"))).selectByValue(domain);
		new Select(browser.findElement(By.id("lifecycle"))).selectByValue(lifecycle);
		type("description", description);
		type("baseUrl", remote.url());
		type("tools", "calculator: evaluates arithmetic");
		type("taskSchema", "{\"type\": \"object\", \"required\": [\"question\", \"answer\"], \"properties\": "
				+ "{\"id\": {\"type\": \"string\"}, \"question\": {\"type\": \"string\"}, \"answer\": {\"type\": \"string\"}}}");
		type("examples", "{\"task\": {\"question\": \"A crate holds 17 rows of 23 apples. How many apples?\", "
				+ "\"answer\": \"391\"}, \"goldAnswer\": \"Answer: 391\"}");
	}

	/** Registers a version through the form, which probes the Python example first, and waits for its page. */
	void register(String name, String version, String domain, String lifecycle, String description) {
		browser.get(url("/environments/new"));
		fillRegistration(name, version, domain, lifecycle, description);
		browser.findElement(By.id("register-button")).click();
		awaitText(By.cssSelector("p.notice"), "Registered " + name + "@" + version);
	}

	/** Submits a filter form after setting its fields (id, value, id, value, ...), and waits for the new page. */
	void filter(String path, String... idsAndValues) {
		browser.get(url(path));
		for (int i = 0; i < idsAndValues.length; i += 2) {
			WebElement field = await(By.id(idsAndValues[i]));
			if (field.getTagName().equals("select")) {
				new Select(field).selectByValue(idsAndValues[i + 1]);
			}
			else {
				field.clear();
				field.sendKeys(idsAndValues[i + 1]);
			}
		}
		follow(browser.findElement(By.cssSelector("form.filters button[type=submit]")));
	}

	/** Clicks a link or button that loads a new page, and waits until the old one is gone. */
	void follow(WebElement element) {
		element.click();
		new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(element));
		await(By.tagName("h1"));
	}

	/** The text of one column of the page's table (1 is the first), row by row. */
	List<String> column(String table, int column) {
		return browser.findElements(By.cssSelector(table + " tbody tr td:nth-child(" + column + ")"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	List<String> shownEnvironments() {
		return column("main table", 1);
	}

	/** The full ids of the rollouts listed (each row shows a short id and keeps the full one in its title). */
	List<String> shownRollouts() {
		return browser.findElements(By.cssSelector("table.rollouts tbody tr td:first-child a"))
			.stream()
			.map(a -> a.getDomAttribute("title"))
			.toList();
	}

	@Test
	@Order(1)
	void anAdminSignsInAndSeesTheEnvironments() throws IOException {
		signIn("admin", "admin-password-1");
		assertThat(browser.getCurrentUrl()).endsWith("/environments");
		awaitText(By.tagName("main"), "gsm8k@1.0.0");
		assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("admin");
		screenshot("environments.png");
	}

	@Test
	@Order(2)
	void anAdminRegistersARemoteEnvironmentAndSeesItsProbe() throws IOException {
		browser.get(url("/environments/new"));
		fillRegistration("calculator-arithmetic");
		browser.findElement(By.id("probe-button")).click();
		awaitText(By.id("probe-result"), "Probe passed");
		assertThat(browser.findElement(By.id("probe-result")).getText()).contains("health")
			.contains("verify gold answer of example-1");
		((ChromeDriver) browser).executeScript("document.getElementById('probe-result').scrollIntoView(false)");
		screenshot("register-probe.png");

		browser.findElement(By.id("register-button")).click();
		awaitText(By.tagName("h1"), "calculator-arithmetic@1.0.0");
		assertThat(browser.findElement(By.tagName("main")).getText()).contains("Registered calculator-arithmetic@1.0.0")
			.contains("Probe passed").contains("remote");
	}

	@Test
	@Order(3)
	void registrationShowsFieldErrorsAndRefusals() {
		browser.get(url("/environments/new"));
		fillRegistration("Not A Name");
		browser.findElement(By.id("register-button")).click();
		awaitText(By.id("name-error"), "lowercase");

		fillRegistration("calculator-arithmetic");
		browser.findElement(By.id("register-button")).click();
		awaitText(By.id("form-error"), "already registered");
	}

	@Test
	@Order(4)
	void anAdminUploadsADatasetWithOneBadRowAndSeesTheRowError() throws IOException {
		browser.get(url("/environments/calculator-arithmetic@1.0.0"));
		Path jsonl = Files.createTempFile("tasks-", ".jsonl");
		Files.writeString(jsonl, """
				{"id": "apples", "question": "17 rows of 23 apples: how many?", "answer": "391"}
				{"id": "trains", "question": "360 km in 4 hours: km per hour?", "answer": "90"}
				{"id": "bad", "prompt": "this row has no question and no answer"}
				""");
		try {
			await(By.id("file")).sendKeys(jsonl.toAbsolutePath().toString());
			browser.findElement(By.id("upload-button")).click();
			awaitText(By.id("upload-result"), "Nothing was stored");
			assertThat(browser.findElement(By.cssSelector(".row-errors")).getText()).contains("3")
				.contains("missing required field 'question'");
			((ChromeDriver) browser).executeScript("document.getElementById('upload-result').scrollIntoView(false)");
			screenshot("dataset-upload.png");

			browser.findElement(By.id("skip-invalid")).click();
			browser.findElement(By.id("file")).sendKeys(jsonl.toAbsolutePath().toString());
			browser.findElement(By.id("upload-button")).click();
			awaitText(By.id("upload-result"), "Stored train version 1");
			assertThat(browser.findElement(By.id("upload-result")).getText()).contains("2 rows")
				.contains("1 invalid rows were kept out");
			browser.navigate().refresh();
			awaitText(By.tagName("main"), "SKIP_INVALID");
			screenshot("environment-detail.png");
		}
		finally {
			Files.deleteIfExists(jsonl);
		}
	}

	@Test
	@Order(5)
	void anAdminOpensARolloutAndSeesItsToolCalls() throws IOException {
		browser.get(url("/jobs"));
		awaitText(By.tagName("main"), ServiceStubs.GSM8K_JOB);
		assertThat(column("main table", 1)).containsExactly(ServiceStubs.GSM8K_JOB, ServiceStubs.JOB);
		screenshot("jobs.png");
		follow(browser.findElement(By.linkText(ServiceStubs.JOB)));
		awaitText(By.tagName("main"), "calculator-arithmetic@1.0.0");
		screenshot("job.png");
		browser.findElement(By.cssSelector("a[title='" + ServiceStubs.ROLLOUT + "']")).click();
		awaitText(By.tagName("h1"), "Trajectory");
		WebElement call = await(By.cssSelector(".tool-call"));
		assertThat(call.findElement(By.cssSelector(".tool-name")).getText()).isEqualTo("calculator");
		assertThat(call.findElement(By.cssSelector(".args")).getText()).contains("\"expression\" : \"17 * 23\"");
		assertThat(call.findElement(By.cssSelector(".result")).getText()).isEqualTo("391");
		assertThat(browser.findElement(By.id("final-answer")).getText()).contains("Answer: 391");
		assertThat(browser.findElement(By.id("budget-hit")).getText()).startsWith("yes");
		assertThat(browser.findElement(By.id("reward-components")).getText()).contains("correct");
		WebElement thinking = browser.findElement(By.cssSelector("details.thinking"));
		assertThat(thinking.getDomProperty("open")).isEqualTo("false");
		thinking.findElement(By.tagName("summary")).click();
		assertThat(thinking.getText()).contains("use the calculator");
		screenshot("trajectory.png");
	}

	@Test
	@Order(6)
	void trainingRunsAreCharted() throws IOException {
		browser.get(url("/runs"));
		assertThat(column("main table", 1)).containsExactly("nemotron-h-grpo-demo", "gsm8k-thinking-off-baseline");
		screenshot("training-runs.png");
		await(By.linkText("nemotron-h-grpo-demo")).click();
		await(By.id("reward-chart"));
		new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(((ChromeDriver) d)
			.executeScript("return !!(window.Chart && Chart.getChart('reward-chart') && Chart.getChart('accuracy-chart'));")));
		screenshot("training-run.png");
	}

	@Test
	@Order(7)
	void theEnvironmentsListNarrowsBySearchDomainAndLifecycle() {
		register("trivia-draft", "1.0.0", "QA", "DRAFT", "Trivia questions, not ready for rollouts yet.");
		browser.get(url("/environments"));
		assertThat(shownEnvironments()).contains("gsm8k@1.0.0", "calculator-arithmetic@1.0.0", "trivia-draft@1.0.0");

		filter("/environments", "q", "calculator");
		assertThat(shownEnvironments()).containsExactly("calculator-arithmetic@1.0.0");

		filter("/environments", "domain", "MATH");
		assertThat(shownEnvironments()).contains("gsm8k@1.0.0").doesNotContain("calculator-arithmetic@1.0.0");
		assertThat(column("main table", 2)).containsOnly("MATH");

		filter("/environments", "lifecycle", "DRAFT");
		assertThat(shownEnvironments()).containsExactly("trivia-draft@1.0.0");

		filter("/environments", "domain", "TOOL_USE", "lifecycle", "ACTIVE");
		assertThat(shownEnvironments()).contains("calculator-arithmetic@1.0.0")
			.doesNotContain("gsm8k@1.0.0", "trivia-draft@1.0.0");
		assertThat(column("main table", 2)).containsOnly("TOOL_USE");
		assertThat(column("main table", 3)).containsOnly("ACTIVE");
		assertThat(new Select(browser.findElement(By.id("domain"))).getFirstSelectedOption().getText())
			.as("the filter stays chosen").isEqualTo("TOOL_USE");

		filter("/environments", "q", "calculator", "domain", "MATH");
		awaitText(By.tagName("main"), "No environments match");
		assertThat(browser.findElements(By.cssSelector("main table"))).isEmpty();
	}

	@Test
	@Order(8)
	void aNewVersionJoinsTheHistoryAndTheOldVersionIsUnchanged() {
		browser.get(url("/environments/calculator-arithmetic@1.0.0"));
		String description = await(By.id("env-description")).getText();
		String facts = browser.findElement(By.cssSelector("dl.facts")).getText();

		register("calculator-arithmetic", "1.1.0", "TOOL_USE", "ACTIVE", "Version 1.1.0: the same remote, new words.");
		browser.get(url("/environments/calculator-arithmetic"));
		awaitText(By.tagName("h1"), "calculator-arithmetic@1.1.0"); // the bare name opens the newest active version
		assertThat(browser.findElement(By.id("env-description")).getText()).startsWith("Version 1.1.0");
		assertThat(column("#versions", 1)).containsExactly("1.1.0", "1.0.0");

		follow(browser.findElement(By.cssSelector("#versions a[href$='calculator-arithmetic@1.0.0']")));
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("calculator-arithmetic@1.0.0");
		assertThat(browser.findElement(By.id("env-description")).getText()).isEqualTo(description);
		assertThat(browser.findElement(By.cssSelector("dl.facts")).getText()).isEqualTo(facts);
		assertThat(browser.findElement(By.tagName("main")).getText()).as("its dataset stays with it")
			.contains("SKIP_INVALID");
		filter("/environments", "q", "calculator");
		assertThat(shownEnvironments()).containsExactly("calculator-arithmetic@1.1.0");
	}

	@Test
	@Order(9)
	void theRolloutsListFiltersByEachFieldAndPagesWithTheCursor() throws IOException {
		browser.get(url("/rollouts"));
		await(By.cssSelector("table.rollouts"));
		assertThat(shownRollouts()).hasSize(25).contains(ServiceStubs.ROLLOUT, ServiceStubs.FAILED_ROLLOUT)
			.doesNotContain(ServiceStubs.gsm8kRollout(21));
		screenshot("rollouts.png");
		follow(browser.findElement(By.linkText("Next")));
		assertThat(stubs.lastRolloutQuery()).containsEntry("after", ServiceStubs.gsm8kRollout(20));
		assertThat(shownRollouts()).containsExactly(IntStream.rangeClosed(21, 25)
			.mapToObj(ServiceStubs::gsm8kRollout)
			.toArray(String[]::new));
		assertThat(browser.findElements(By.linkText("Next"))).isEmpty();
		assertThat(browser.findElements(By.linkText("First page"))).hasSize(1);

		filter("/rollouts", "f-job", ServiceStubs.JOB, "f-status", "FAILED");
		assertThat(stubs.lastRolloutQuery()).containsEntry("job", ServiceStubs.JOB).containsEntry("status", "FAILED");
		assertThat(shownRollouts()).containsExactly(ServiceStubs.FAILED_ROLLOUT);
		assertThat(browser.findElement(By.id("f-job")).getDomProperty("value")).isEqualTo(ServiceStubs.JOB);

		filter("/rollouts", "f-env", "gsm8k", "f-min", "1");
		assertThat(stubs.lastRolloutQuery()).containsEntry("environment", "gsm8k").containsEntry("minReward", "1");
		assertThat(shownRollouts()).hasSize(12);
		assertThat(column("table.rollouts", 2)).containsOnly("gsm8k@1.0.0");
		assertThat(column("table.rollouts", 7)).containsOnly("1.000");

		filter("/rollouts", "f-env", "calculator-arithmetic", "f-max", "0");
		assertThat(shownRollouts()).containsExactly(ServiceStubs.UNREWARDED_ROLLOUT);

		filter("/rollouts", "f-policy", "3");
		assertThat(stubs.lastRolloutQuery()).containsEntry("policyVersion", "3");
		assertThat(shownRollouts()).hasSize(4);
		assertThat(column("table.rollouts", 9)).containsOnly("3");

		filter("/rollouts", "f-env", "gsm8k");
		assertThat(shownRollouts()).hasSize(25);
		follow(browser.findElement(By.linkText("Next")));
		assertThat(stubs.lastRolloutQuery()).as("the next page keeps the filter").containsEntry("environment", "gsm8k");
		assertThat(shownRollouts()).containsExactly(ServiceStubs.gsm8kRollout(25));

		filter("/rollouts", "f-env", "no-such-environment");
		awaitText(By.tagName("main"), "No rollouts match these filters");
		assertThat(browser.findElements(By.cssSelector("table.rollouts"))).isEmpty();
	}

	/**
	 * Each main page: every form control labelled, every button, link, image and chart named, and its main action
	 * reached from the top of the page with Tab alone; then the skip link, a search and the thinking toggle used
	 * with the keyboard only.
	 */
	@Test
	@Order(10)
	void everyMainPageIsLabelledAndWorksFromTheKeyboard() {
		Map<String, By> mainActions = new LinkedHashMap<>();
		mainActions.put("/environments", By.id("q"));
		mainActions.put("/environments/new", By.id("probe-button"));
		mainActions.put("/environments/calculator-arithmetic@1.0.0", By.id("upload-button"));
		mainActions.put("/jobs", By.id("job-id"));
		mainActions.put("/jobs/" + ServiceStubs.JOB, By.cssSelector("a[title='" + ServiceStubs.ROLLOUT + "']"));
		mainActions.put("/rollouts", By.id("f-env"));
		mainActions.put("/rollouts/" + ServiceStubs.ROLLOUT, By.cssSelector("details.thinking summary"));
		mainActions.put("/runs", By.linkText("nemotron-h-grpo-demo"));
		mainActions.put("/runs/" + ServiceStubs.RUN, By.linkText("Training runs"));
		mainActions.put("/tokens", By.id("token-name"));
		mainActions.put("/login", By.id("username"));
		mainActions.forEach((path, action) -> {
			browser.get(url(path));
			await(By.tagName("h1"));
			assertThat(PageAudit.problems(browser)).as(path).isEmpty();
			if (!path.equals("/login")) {
				assertThat(PageAudit.tabsTo(browser, By.cssSelector("a.skip"), 1)).as(path + ": first Tab").isEqualTo(1);
			}
			assertThat(PageAudit.tabsTo(browser, action, 80)).as(path + ": Tab reaches " + action).isNotNegative();
		});

		browser.get(url("/environments"));
		await(By.tagName("h1"));
		PageAudit.tabsTo(browser, By.cssSelector("a.skip"), 1);
		PageAudit.press(browser, Keys.ENTER);
		PageAudit.press(browser, Keys.TAB);
		assertThat(PageAudit.focusIsInMain(browser)).as("Tab after the skip link lands in the content").isTrue();

		browser.get(url("/environments"));
		await(By.tagName("h1"));
		PageAudit.tabsTo(browser, By.id("q"), 80);
		WebElement table = browser.findElement(By.cssSelector("main table"));
		PageAudit.press(browser, "gsm8k" + Keys.ENTER);
		new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(table));
		assertThat(shownEnvironments()).containsExactly("gsm8k@1.0.0");

		browser.get(url("/rollouts/" + ServiceStubs.ROLLOUT));
		await(By.tagName("h1"));
		PageAudit.tabsTo(browser, By.cssSelector("details.thinking summary"), 80);
		PageAudit.press(browser, Keys.ENTER);
		assertThat(browser.findElement(By.cssSelector("details.thinking")).getDomProperty("open")).isEqualTo("true");
	}

	@Test
	@Order(20)
	void aViewerIsRefusedAChange() throws IOException {
		browser.findElement(By.cssSelector(".who button")).click();
		await(By.id("username"));
		signIn("viewer", "viewer-password-1");
		assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("viewer");
		assertThat(browser.findElements(By.linkText("Register a remote environment"))).isEmpty();
		browser.get(url("/environments/new"));
		fillRegistration("viewer-made");
		browser.findElement(By.id("register-button")).click();
		awaitText(By.id("denied"), "Not allowed");
		assertThat(browser.findElement(By.tagName("main")).getText()).contains("viewer").contains("nothing was changed");
		screenshot("viewer-refused.png");
		browser.get(url("/environments?q=viewer-made"));
		awaitText(By.tagName("main"), "No environments match");
		List<WebElement> uploads = browser.findElements(By.id("upload-button"));
		assertThat(uploads).isEmpty();
	}

}
