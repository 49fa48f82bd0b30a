package dev.gauntlet.environment.service.access;

import jakarta.servlet.http.HttpServletRequest;

/** Who made a request, as the token filter recorded it: a token's name, or {@code anonymous}. */
public final class Principal {

	static final String ATTRIBUTE = "gauntlet.principal";

	private Principal() {
	}

	public static String of(HttpServletRequest request) {
		Object name = request.getAttribute(ATTRIBUTE);
		return name == null ? "anonymous" : name.toString();
	}

}
