/**
 * The it-desk environment: a stateful IT service desk world (users, groups, assets, tickets, a knowledge base),
 * about twenty tools in OpenAI function form, a seeded task generator, and verification by end state as in
 * tau2-bench.
 */
@NullMarked
package dev.gauntlet.environment.itdesk;

import org.jspecify.annotations.NullMarked;
