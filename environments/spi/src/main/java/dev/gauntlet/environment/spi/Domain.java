package dev.gauntlet.environment.spi;

/** The kind of skill an environment trains. */
public enum Domain {

	MATH, CODE, TOOL_USE, QA, OTHER

}
