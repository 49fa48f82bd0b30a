package dev.gauntlet.environment.service.registry;

import dev.gauntlet.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A registration that would change what exists: a duplicate {@code name@version}, or a built-in's name. 409. */
public class RegistryConflict extends ErrorResponseException {

	public RegistryConflict(String detail) {
		super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "registry-conflict", "Registry conflict", detail),
				null);
	}

}
