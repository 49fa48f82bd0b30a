/**
 * REST API tokens with per-token roles. Registry changes (POST, PUT, PATCH, DELETE under {@code /v1/}) and token
 * management need an ADMIN token; reads and the environment protocol routes, which rollout-service and
 * reward-service call, need none.
 */
@NullMarked
package dev.gauntlet.environment.service.access;

import org.jspecify.annotations.NullMarked;
