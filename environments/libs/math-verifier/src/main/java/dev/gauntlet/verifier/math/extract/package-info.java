/** Finding the final answer in a model response: boxes, labels, environments, letters. */
@org.jspecify.annotations.NullMarked
package dev.gauntlet.verifier.math.extract;
