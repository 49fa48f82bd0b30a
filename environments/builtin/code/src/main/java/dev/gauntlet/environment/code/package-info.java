/**
 * The {@code code} environment: programming tasks (HumanEval in Python and Java, MBPP, CodeContests,
 * LiveCodeBench) whose answers are verified by running the extracted program against the task's tests in the
 * bubblewrap sandbox of {@code gauntlet-sandbox}. Threat model and extraction rules:
 * {@code docs/environments/code.md}.
 */
@NullMarked
package dev.gauntlet.environment.code;

import org.jspecify.annotations.NullMarked;
