/**
 * What every Gauntlet service shares at its HTTP edge: RFC 9457 problem+json errors that name the offending field,
 * a request-size limit, and start-up under the service's own configuration name.
 */
@NullMarked
package dev.gauntlet.web;

import org.jspecify.annotations.NullMarked;
