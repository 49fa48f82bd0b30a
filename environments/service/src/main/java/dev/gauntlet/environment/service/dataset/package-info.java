/**
 * Datasets of an environment version: JSONL uploads validated row by row against the version's task schema,
 * stored all-or-nothing or with invalid rows kept out and reported by line, versioned and checksummed (SHA-256).
 */
@NullMarked
package dev.gauntlet.environment.service.dataset;

import org.jspecify.annotations.NullMarked;
