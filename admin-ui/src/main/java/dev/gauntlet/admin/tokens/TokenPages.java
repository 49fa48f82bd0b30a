package dev.gauntlet.admin.tokens;

import java.util.Map;

import dev.gauntlet.admin.system.AdminSettings;
import dev.gauntlet.admin.system.ServiceClient;
import dev.gauntlet.admin.system.ServiceClient.Reply;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** environment-service's REST API tokens: admins create them with a role, list and revoke them. */
@Controller
class TokenPages {

	private final ServiceClient client;

	private final AdminSettings settings;

	TokenPages(ServiceClient client, AdminSettings settings) {
		this.client = client;
		this.settings = settings;
	}

	@GetMapping("/tokens")
	String tokens(Model model) {
		Reply reply = client.send(settings.environmentServiceUrl(), "GET", "/v1/tokens", null, "",
				settings.environmentServiceToken());
		model.addAttribute("tokens", reply.ok() ? reply.list() : java.util.List.of());
		model.addAttribute("error", reply.ok() ? null : reply.problem());
		return "tokens";
	}

	@PostMapping("/tokens")
	String create(@RequestParam String name, @RequestParam String role, RedirectAttributes redirect) {
		Reply reply = client.postJson(settings.environmentServiceUrl(), "/v1/tokens", Map.of("name", name, "role", role),
				settings.environmentServiceToken());
		if (reply.ok()) {
			redirect.addFlashAttribute("created", reply.map());
		}
		else {
			redirect.addFlashAttribute("failure", "Could not create the token: " + reply.problem());
		}
		return "redirect:/tokens";
	}

	@PostMapping("/tokens/{id}/revoke")
	String revoke(@PathVariable String id, RedirectAttributes redirect) {
		Reply reply = client.send(settings.environmentServiceUrl(), "DELETE", "/v1/tokens/" + id, null, "",
				settings.environmentServiceToken());
		redirect.addFlashAttribute(reply.ok() ? "notice" : "failure",
				reply.ok() ? "Token revoked." : "Could not revoke the token: " + reply.problem());
		return "redirect:/tokens";
	}

}
