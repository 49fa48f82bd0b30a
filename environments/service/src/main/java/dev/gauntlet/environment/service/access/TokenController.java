package dev.gauntlet.environment.service.access;

import java.util.List;
import java.util.UUID;

import dev.gauntlet.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Manages API tokens; every route needs an ADMIN token. */
@RestController
@RequestMapping("/v1/tokens")
class TokenController {

	private final ApiTokens tokens;

	TokenController(ApiTokens tokens) {
		this.tokens = tokens;
	}

	record NewToken(@NotBlank @Size(max = 100) String name,
			@NotBlank @Pattern(regexp = "ADMIN|VIEWER", message = "ADMIN or VIEWER") String role) {
	}

	@PostMapping
	@Operation(summary = "Create a token with a role; the token is in this reply only")
	ResponseEntity<ApiTokens.Created> create(@Valid @RequestBody NewToken request) {
		return ResponseEntity.status(HttpStatus.CREATED).body(tokens.create(request.name(), request.role()));
	}

	@GetMapping
	@Operation(summary = "List tokens (never the tokens themselves)")
	List<ApiTokens.TokenInfo> list() {
		return tokens.list();
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Revoke a token")
	ResponseEntity<Void> revoke(@PathVariable UUID id) {
		if (!tokens.revoke(id)) {
			throw new NotFoundException("no active token " + id);
		}
		return ResponseEntity.noContent().build();
	}

}
