/** What every page needs: settings, sign-in and roles, the HTTP client for the other services, the layout model. */
@NullMarked
package dev.gauntlet.admin.system;

import org.jspecify.annotations.NullMarked;
