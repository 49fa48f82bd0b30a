package dev.gauntlet.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds problem+json bodies with stable type URIs and, where a field is at fault, an {@code errors} list. */
public final class Problems {

	public static final String BASE = "https://gauntlet.dev/problems/";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(BASE + type));
		problem.setTitle(title);
		return problem;
	}

	public static ProblemDetail invalidFields(List<FieldError> errors) {
		String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b)
			.orElse("invalid request");
		return withErrors(of(HttpStatus.BAD_REQUEST, "invalid-field", "Invalid request field", detail), errors);
	}

	/**
	 * A body that is not JSON at all (or cut short): no single field is at fault, so the whole {@code body} is named,
	 * keeping the {@code errors} shape clients already read.
	 */
	public static ProblemDetail malformedBody(String reason) {
		ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
				"the request body is not valid JSON for this operation: " + reason);
		return withErrors(problem, List.of(new FieldError("body", reason)));
	}

	private static ProblemDetail withErrors(ProblemDetail problem, List<FieldError> errors) {
		problem.setProperty("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
		return problem;
	}

	/** One field of a request that is wrong, and why. */
	public record FieldError(String field, String message) {
	}

}
