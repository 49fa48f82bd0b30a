package dev.gauntlet.admin.environments;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gauntlet.admin.system.ServiceClient.Reply;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The environment pages. Every change goes to environment-service, which validates it again. */
@Controller
class EnvironmentPages {

	static final List<String> DOMAINS = List.of("MATH", "CODE", "TOOL_USE", "QA", "OTHER");

	static final List<String> LIFECYCLES = List.of("DRAFT", "ACTIVE", "DEPRECATED");

	static final int PAGE_SIZE = 20;

	/** The largest dataset file the UI passes on. */
	static final long MAX_UPLOAD_BYTES = 1_000_000;

	private final EnvironmentService environments;

	EnvironmentPages(EnvironmentService environments) {
		this.environments = environments;
	}

	@ModelAttribute("domains")
	List<String> domains() {
		return DOMAINS;
	}

	@ModelAttribute("lifecycles")
	List<String> lifecycles() {
		return LIFECYCLES;
	}

	@GetMapping("/environments")
	String list(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String domain,
			@RequestParam(required = false) @Nullable String lifecycle, @RequestParam(defaultValue = "0") int page,
			Model model) {
		int current = Math.max(0, page);
		Reply reply = environments.search(q, domain, lifecycle, current, PAGE_SIZE);
		model.addAttribute("q", q == null ? "" : q);
		model.addAttribute("domain", domain == null ? "" : domain);
		model.addAttribute("lifecycle", lifecycle == null ? "" : lifecycle);
		model.addAttribute("error", reply.ok() ? null : reply.problem());
		model.addAttribute("items", reply.map().getOrDefault("items", List.of()));
		long total = reply.map().get("total") instanceof Number n ? n.longValue() : 0;
		model.addAttribute("total", total);
		model.addAttribute("page", current);
		model.addAttribute("hasPrevious", current > 0);
		model.addAttribute("hasNext", (long) (current + 1) * PAGE_SIZE < total);
		return "environments/list";
	}

	@GetMapping("/environments/new")
	String form(Model model) {
		model.addAttribute("form", new RegistrationForm());
		model.addAttribute("errors", Map.of());
		return "environments/new";
	}

	@PostMapping("/environments")
	String register(@ModelAttribute("form") RegistrationForm form, Model model, RedirectAttributes redirect) {
		Map<String, String> errors = new LinkedHashMap<>();
		Map<String, Object> request = form.toRequest(errors);
		if (errors.isEmpty()) {
			Reply reply = environments.register(request);
			if (reply.ok()) {
				String reference = String.valueOf(reply.map().get("reference"));
				redirect.addFlashAttribute("notice", "Registered " + reference + " after a passing probe.");
				// The exact version: a bare name opens the newest ACTIVE one, which a DRAFT registration is not.
				return "redirect:/environments/" + EnvironmentService.encode(reference);
			}
			fieldErrors(reply, errors);
			model.addAttribute("probe", reply.map().get("probe"));
		}
		model.addAttribute("errors", errors);
		return "environments/new";
	}

	@PostMapping("/environments/probe")
	String probe(@ModelAttribute("form") RegistrationForm form, Model model) {
		Map<String, String> errors = new LinkedHashMap<>();
		Map<String, Object> request = form.toRequest(errors);
		if (errors.isEmpty()) {
			Reply reply = environments.probe(request);
			if (reply.ok()) {
				model.addAttribute("probe", reply.map());
			}
			else {
				fieldErrors(reply, errors);
			}
		}
		model.addAttribute("errors", errors);
		return "environments/probe :: result";
	}

	@GetMapping("/environments/{reference}")
	String detail(@PathVariable String reference, Model model) {
		Reply reply = environments.get(reference);
		if (!reply.ok()) {
			model.addAttribute("error", reply.problem());
			return "environments/missing";
		}
		Map<String, Object> env = reply.map();
		String name = String.valueOf(env.get("name"));
		model.addAttribute("env", env);
		model.addAttribute("versions", environments.versions(name).list());
		model.addAttribute("datasetVersions",
				environments.datasets(name, String.valueOf(env.get("version"))).list());
		return "environments/detail";
	}

	@PostMapping("/environments/{name}/versions/{version}/lifecycle")
	String lifecycle(@PathVariable String name, @PathVariable String version, @RequestParam String lifecycle,
			RedirectAttributes redirect) {
		Reply reply = environments.lifecycle(name, version, lifecycle);
		redirect.addFlashAttribute(reply.ok() ? "notice" : "failure", reply.ok()
				? name + "@" + version + " is now " + lifecycle : "Could not change the lifecycle: " + reply.problem());
		return "redirect:/environments/" + EnvironmentService.encode(name + "@" + version);
	}

	@PostMapping("/environments/{name}/versions/{version}/datasets")
	String upload(@PathVariable String name, @PathVariable String version, @RequestParam String dataset,
			@RequestParam(defaultValue = "ALL_OR_NOTHING") String mode, @RequestParam("file") MultipartFile file,
			Model model) throws IOException {
		model.addAttribute("dataset", dataset);
		model.addAttribute("stored", false);
		model.addAttribute("result", Map.of());
		if (file.isEmpty()) {
			model.addAttribute("problem", "Choose a JSONL file to upload.");
			return "environments/upload :: result";
		}
		if (file.getSize() > MAX_UPLOAD_BYTES) {
			model.addAttribute("problem", "The file has " + file.getSize() + " bytes; the limit is " + MAX_UPLOAD_BYTES + ".");
			return "environments/upload :: result";
		}
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(file.getBytes()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			model.addAttribute("problem", "The file is not UTF-8 text.");
			return "environments/upload :: result";
		}
		Reply reply = environments.upload(name, version, dataset, mode, text);
		model.addAttribute("result", reply.map());
		model.addAttribute("stored", reply.ok());
		model.addAttribute("problem", reply.ok() ? null : reply.problem());
		return "environments/upload :: result";
	}

	/** Maps environment-service's field errors (for example {@code examples[0].task}) onto the form's fields. */
	@SuppressWarnings("unchecked")
	private static void fieldErrors(Reply reply, Map<String, String> errors) {
		Object list = reply.map().get("errors");
		if (list instanceof List<?> items && !items.isEmpty()) {
			for (Object item : items) {
				Map<String, Object> error = (Map<String, Object>) item;
				String field = String.valueOf(error.get("field")).split("[.\\[]")[0];
				errors.merge(field, String.valueOf(error.get("field")) + ": " + error.get("message"),
						(a, b) -> a + "; " + b);
			}
		}
		else {
			errors.put("global", reply.problem() == null ? "HTTP " + reply.status() : reply.problem());
		}
	}

}
