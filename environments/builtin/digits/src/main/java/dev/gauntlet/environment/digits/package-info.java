/** The digits environment: single-digit arithmetic with a one-token answer. */
@NullMarked
package dev.gauntlet.environment.digits;

import org.jspecify.annotations.NullMarked;
