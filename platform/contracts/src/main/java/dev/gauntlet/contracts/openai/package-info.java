/**
 * The OpenAI Chat Completions message format, as it appears on the wire of the policy protocol and the
 * environment protocol ({@code tool_calls}, {@code tool_call_id}, nested {@code function}), and its mapping to
 * Gauntlet's {@link dev.gauntlet.contracts.ChatMessage}.
 */
@NullMarked
package dev.gauntlet.contracts.openai;

import org.jspecify.annotations.NullMarked;
