package dev.gauntlet.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A request field whose value is well-formed but wrong, for example an environment that does not exist. Answers
 * 400 problem+json naming the field.
 */
public class InvalidFieldException extends ErrorResponseException {

	public InvalidFieldException(String field, String message) {
		super(HttpStatus.BAD_REQUEST, Problems.invalidFields(List.of(new Problems.FieldError(field, message))), null);
	}

}
