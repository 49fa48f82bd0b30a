/** admin-ui: the web admin UI. For now a landing page linking the services; the UI issue builds the rest. */
@NullMarked
package dev.gauntlet.admin;

import org.jspecify.annotations.NullMarked;
