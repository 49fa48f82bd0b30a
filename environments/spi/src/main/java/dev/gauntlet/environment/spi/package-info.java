/**
 * The environment SPI: what a built-in environment implements to be served over the environment protocol.
 *
 * <p>An environment is a self-contained unit: its tasks, prompt templates, tools and verifier together. The
 * environment-service serves each one at {@code /environments/{name}} with the routes {@code POST /seed_session},
 * {@code POST /tools/{name}}, {@code POST /verify}, {@code POST /aggregate_metrics} and {@code GET /health}.
 *
 * <p>Rules every implementation follows:
 * <ul>
 * <li>{@link dev.gauntlet.environment.spi.Environment#verify} never throws for a bad model answer: a wrong or
 * unreadable answer is a verdict with a low reward. Only an infrastructure fault becomes an
 * {@link dev.gauntlet.environment.spi.Verification.Status#ERROR}, which is never a reward.</li>
 * <li>Tool calls are hostile: unknown tools and bad arguments answer with a tool error, never an exception.</li>
 * <li>Sessions are keyed by an explicit id; state that must survive a replica lives in PostgreSQL, not memory.</li>
 * </ul>
 */
@NullMarked
package dev.gauntlet.environment.spi;

import org.jspecify.annotations.NullMarked;
