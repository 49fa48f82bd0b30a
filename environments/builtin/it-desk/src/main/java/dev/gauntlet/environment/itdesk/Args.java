package dev.gauntlet.environment.itdesk;

import java.util.Iterator;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A tool call's arguments, checked against the tool's declared parameters: no unknown names, every required one
 * present, each of its declared type, strings within their length and allowed values. Arguments are outside input,
 * so nothing here trusts them.
 */
final class Args {

	/** Arguments are a few ids and a comment; anything larger is not a real call. */
	static final int MAX_JSON_CHARS = 16_384;

	private final Map<String, Param> params;

	private final JsonNode node;

	private Args(Map<String, Param> params, JsonNode node) {
		this.params = params;
		this.node = node;
	}

	static Args parse(DeskTool tool, String json) {
		if (json.length() > MAX_JSON_CHARS) {
			throw new ToolError("arguments too large: " + json.length() + " characters (limit " + MAX_JSON_CHARS + ")");
		}
		JsonNode node;
		try {
			node = json.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new ToolError("arguments are not valid JSON: " + ex.getOriginalMessage());
		}
		if (node == null || node.isNull() || node.isMissingNode()) {
			node = Json.MAPPER.createObjectNode();
		}
		if (!node.isObject()) {
			throw new ToolError("arguments must be a JSON object");
		}
		Map<String, Param> params = tool.paramsByName();
		for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext();) {
			String name = names.next();
			if (!params.containsKey(name)) {
				throw new ToolError("unexpected argument '" + clip(name) + "' for " + tool.name() + "; expected "
						+ params.keySet());
			}
		}
		for (Param p : params.values()) {
			JsonNode value = node.get(p.name());
			if (value == null || value.isNull()) {
				if (p.required()) {
					throw new ToolError("missing required argument '" + p.name() + "'");
				}
				continue;
			}
			check(p, value);
		}
		return new Args(params, node);
	}

	private static void check(Param p, JsonNode value) {
		switch (p.type()) {
			case "string" -> {
				if (!value.isString()) {
					throw new ToolError("argument '" + p.name() + "' must be a string, got " + kind(value));
				}
				String s = value.stringValue();
				if (s.length() > p.maxLength()) {
					throw new ToolError("argument '" + p.name() + "' is too long: " + s.length()
							+ " characters (limit " + p.maxLength() + ")");
				}
				if (p.required() && s.isBlank()) {
					throw new ToolError("argument '" + p.name() + "' must not be empty");
				}
				if (!p.allowed().isEmpty() && !p.allowed().contains(s)) {
					throw new ToolError("argument '" + p.name() + "' must be one of " + p.allowed() + ", got '"
							+ clip(s) + "'");
				}
			}
			case "boolean" -> {
				if (!value.isBoolean()) {
					throw new ToolError("argument '" + p.name() + "' must be true or false, got " + kind(value));
				}
			}
			default -> throw new IllegalStateException("undeclared type " + p.type());
		}
	}

	String text(String name) {
		return optional(name).orElseThrow();
	}

	java.util.Optional<String> optional(String name) {
		requireDeclared(name);
		JsonNode v = node.get(name);
		return v == null || v.isNull() ? java.util.Optional.empty() : java.util.Optional.of(v.stringValue());
	}

	String textOr(String name, String fallback) {
		return optional(name).orElse(fallback);
	}

	boolean flag(String name, boolean fallback) {
		requireDeclared(name);
		JsonNode v = node.get(name);
		return v == null || v.isNull() ? fallback : v.booleanValue();
	}

	private void requireDeclared(String name) {
		if (!params.containsKey(name)) {
			throw new IllegalStateException("undeclared parameter " + name);
		}
	}

	private static String kind(JsonNode value) {
		return value.isNumber() ? "a number" : value.isBoolean() ? "a boolean" : value.isArray() ? "an array"
				: value.isObject() ? "an object" : value.isString() ? "a string" : value.getNodeType().toString();
	}

	/** Echoing hostile input back is fine, echoing a lot of it is not. */
	static String clip(String s) {
		return s.length() <= 64 ? s : s.substring(0, 64) + "…";
	}

}
