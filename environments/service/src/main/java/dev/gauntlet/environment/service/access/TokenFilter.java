package dev.gauntlet.environment.service.access;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the REST API under {@code /v1/}: any method other than GET, HEAD and OPTIONS, and everything under
 * {@code /v1/tokens}, needs {@code Authorization: Bearer <token>} of an ADMIN token (401 without a valid token,
 * 403 for a VIEWER token). Reads of the registry and the environment protocol routes ({@code /environments/...})
 * stay open, since rollout-service and reward-service call them without credentials.
 */
@Component
class TokenFilter extends OncePerRequestFilter {

	private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

	private final ApiTokens tokens;

	TokenFilter(ApiTokens tokens) {
		this.tokens = tokens;
	}

	static boolean guarded(String method, String path) {
		return path.startsWith("/v1/") && (!READS.contains(method) || path.startsWith("/v1/tokens"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String header = request.getHeader("Authorization");
		Optional<ApiTokens.Holder> holder = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
				? tokens.holder(header.substring(7).strip()) : Optional.empty();
		holder.ifPresent(h -> request.setAttribute(Principal.ATTRIBUTE, h.name()));
		if (guarded(request.getMethod(), path)) {
			if (holder.isEmpty()) {
				response.setHeader("WWW-Authenticate", "Bearer");
				refuse(response, HttpStatus.UNAUTHORIZED, "unauthorized",
						"this route changes the registry: send Authorization: Bearer <token> of an ADMIN API token");
				return;
			}
			if (!"ADMIN".equals(holder.get().role())) {
				refuse(response, HttpStatus.FORBIDDEN, "forbidden",
						"token '" + holder.get().name() + "' has role " + holder.get().role()
								+ "; this route needs ADMIN");
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private static void refuse(HttpServletResponse response, HttpStatus status, String type, String detail)
			throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter()
			.write("{\"type\":\"https://gauntlet.dev/problems/" + type + "\",\"title\":\"" + status.getReasonPhrase()
					+ "\",\"status\":" + status.value() + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
	}

}
