/** REST API tokens of environment-service, with their roles: create, list, revoke. */
@NullMarked
package dev.gauntlet.admin.tokens;

import org.jspecify.annotations.NullMarked;
