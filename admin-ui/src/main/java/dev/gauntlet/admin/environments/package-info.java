/** Environment pages: search, detail with version history, registration with a live probe, dataset upload. */
@NullMarked
package dev.gauntlet.admin.environments;

import org.jspecify.annotations.NullMarked;
