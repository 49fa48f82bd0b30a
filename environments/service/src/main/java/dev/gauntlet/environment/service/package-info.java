/** environment-service: registry and host of verifiable environments. */
@NullMarked
package dev.gauntlet.environment.service;

import org.jspecify.annotations.NullMarked;
