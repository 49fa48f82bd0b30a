/**
 * The {@code math} environment: datasets, generators, prompt templates and load-time filtering around the math
 * verifier ({@code dev.gauntlet.verifier.math}).
 */
@NullMarked
package dev.gauntlet.environment.math;

import org.jspecify.annotations.NullMarked;
