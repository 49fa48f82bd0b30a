package dev.gauntlet.web;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.DatabindException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns request errors into problem+json that names the field at fault, so a client can fix its request without
 * reading server logs.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Problems.FieldError> errors = new ArrayList<>();
		ex.getBindingResult()
			.getFieldErrors()
			.forEach(e -> errors.add(new Problems.FieldError(e.getField(), String.valueOf(e.getDefaultMessage()))));
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach(e -> errors.add(new Problems.FieldError(e.getObjectName(), String.valueOf(e.getDefaultMessage()))));
		return problem(Problems.invalidFields(errors), headers);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Problems.FieldError> errors = new ArrayList<>();
		ex.getParameterValidationResults()
			.forEach(r -> r.getResolvableErrors()
				.forEach(e -> errors.add(new Problems.FieldError(
						String.valueOf(r.getMethodParameter().getParameterName()), String.valueOf(e.getDefaultMessage())))));
		return problem(Problems.invalidFields(errors), headers);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = ex.getCause();
		if (cause instanceof DatabindException bad && !bad.getPath().isEmpty()) {
			String message = innermost(bad);
			return problem(Problems.invalidFields(List.of(new Problems.FieldError(path(bad), message))), headers);
		}
		return problem(Problems.malformedBody(cause != null ? innermost(cause) : String.valueOf(ex.getMessage())),
				headers);
	}

	/** The JSON path of the failing field, for example {@code sampling.temperature} or {@code tasks[2]}. */
	private static String path(DatabindException ex) {
		StringBuilder path = new StringBuilder();
		for (var ref : ex.getPath()) {
			if (ref.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				path.append('[').append(ref.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	/** Validation in record constructors surfaces as the root cause; its message is the useful one. */
	private static String innermost(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root instanceof tools.jackson.core.JacksonException j ? j.getOriginalMessage() : root.getMessage();
		return message == null ? root.getClass().getSimpleName() : message;
	}

	private static ResponseEntity<Object> problem(ProblemDetail problem, HttpHeaders headers) {
		return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
	}

}
