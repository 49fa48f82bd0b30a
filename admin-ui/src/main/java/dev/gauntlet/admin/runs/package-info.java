/** Training runs from policy-trainer, with charts of their metrics. */
@NullMarked
package dev.gauntlet.admin.runs;

import org.jspecify.annotations.NullMarked;
