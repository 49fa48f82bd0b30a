/** Which environments exist: the built-ins, recorded in the registry table, and their tasks. */
@NullMarked
package dev.gauntlet.environment.service.catalog;

import org.jspecify.annotations.NullMarked;
