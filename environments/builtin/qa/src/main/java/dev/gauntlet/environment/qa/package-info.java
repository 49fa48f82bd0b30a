/** The {@code qa} environment: multiple-choice and open-ended question answering. */
@NullMarked
package dev.gauntlet.environment.qa;

import org.jspecify.annotations.NullMarked;
