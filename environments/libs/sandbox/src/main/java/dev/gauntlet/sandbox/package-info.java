/**
 * Runs untrusted programs (model-written code) in a bubblewrap sandbox from a pool of pre-started
 * interpreters. Start with {@link dev.gauntlet.sandbox.SandboxPool}; the guarantees and the
 * non-guarantees are listed on that class and in {@code docs/environments/code.md}.
 */
@NullMarked
package dev.gauntlet.sandbox;

import org.jspecify.annotations.NullMarked;
