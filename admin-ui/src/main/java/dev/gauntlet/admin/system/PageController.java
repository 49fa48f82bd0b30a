package dev.gauntlet.admin.system;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** Sign-in, the start page and the refusal page. */
@Controller
class PageController {

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@GetMapping("/")
	String home() {
		return "redirect:/environments";
	}

	/** Where Spring Security forwards a refused request (any method), with status 403. */
	@RequestMapping("/denied")
	String denied(HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		return "denied";
	}

}
