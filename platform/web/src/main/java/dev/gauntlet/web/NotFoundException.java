package dev.gauntlet.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The resource a path names does not exist. Answers 404 problem+json. */
public class NotFoundException extends ErrorResponseException {

	public NotFoundException(String what) {
		super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", what), null);
	}

}
