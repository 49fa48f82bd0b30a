/**
 * Seeded problem generators at graded difficulty (1 to 5), one kind per file: an unlimited supply of math tasks
 * with no download.
 */
@NullMarked
package dev.gauntlet.environment.math.generator;

import org.jspecify.annotations.NullMarked;
