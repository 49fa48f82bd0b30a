/** The client for environment-service: task selection and the environment protocol. */
@NullMarked
package dev.gauntlet.rollout.environment;

import org.jspecify.annotations.NullMarked;
