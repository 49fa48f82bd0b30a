/**
 * The bfcl environment: single-turn function calling over the Berkeley Function Calling Leaderboard's
 * simple_python, multiple, parallel, parallel_multiple and simple_java categories, checked by BFCL's AST rules and
 * scored binary or F1.
 */
@NullMarked
package dev.gauntlet.environment.bfcl;

import org.jspecify.annotations.NullMarked;
