package dev.gauntlet.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
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
		type("name", name);
		type("version", "1.0.0");
		new Select(browser.findElement(By.id("domain"))).selectByValue("TOOL_USE");
		type("description", "Arithmetic word problems with a calculator tool, served by the Python example.");
		type("baseUrl", remote.url());
		type("tools", "calculator: evaluates arithmetic");
		type("taskSchema", "{\"type\": \"object\", \"required\": [\"question\", \"answer\"], \"properties\": "
				+ "{\"id\": {\"type\": \"string\"}, \"question\": {\"type\": \"string\"}, \"answer\": {\"type\": \"string\"}}}");
		type("examples", "{\"task\": {\"question\": \"A crate holds 17 rows of 23 apples. How many apples?\", "
				+ "\"answer\": \"391\"}, \"goldAnswer\": \"Answer: 391\"}");
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
		browser.get(url("/jobs/" + ServiceStubs.JOB));
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
		await(By.linkText("nemotron-h-grpo-demo")).click();
		await(By.id("reward-chart"));
		new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(((ChromeDriver) d)
			.executeScript("return !!(window.Chart && Chart.getChart('reward-chart') && Chart.getChart('accuracy-chart'));")));
		screenshot("training-run.png");
	}

	@Test
	@Order(7)
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
