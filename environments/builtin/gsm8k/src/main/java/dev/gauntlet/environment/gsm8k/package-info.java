/** The gsm8k environment: GSM8K word problems with a final-number verifier. */
@NullMarked
package dev.gauntlet.environment.gsm8k;

import org.jspecify.annotations.NullMarked;
