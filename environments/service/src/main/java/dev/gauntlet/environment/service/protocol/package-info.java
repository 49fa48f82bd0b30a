/**
 * The environment protocol over HTTP, at {@code /environments/{name}}: {@code POST /seed_session},
 * {@code POST /tools/{tool}}, {@code POST /verify}, {@code POST /aggregate_metrics}, {@code GET /health}. Field
 * names are snake_case and messages are OpenAI chat messages, following NeMo Gym's resources servers.
 */
@NullMarked
package dev.gauntlet.environment.service.protocol;

import org.jspecify.annotations.NullMarked;
