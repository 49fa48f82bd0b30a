package dev.gauntlet.admin.system;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the layout shows on every page: who is signed in, and whether they may change things. */
@ControllerAdvice(annotations = Controller.class)
class LayoutAdvice {

	@ModelAttribute("username")
	@Nullable String username(@Nullable Authentication authentication) {
		return authentication == null ? null : authentication.getName();
	}

	@ModelAttribute("isAdmin")
	boolean isAdmin(@Nullable Authentication authentication) {
		return authentication != null
				&& authentication.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
	}

	@ModelAttribute("role")
	String role(@Nullable Authentication authentication) {
		return isAdmin(authentication) ? "admin" : "viewer";
	}

}
