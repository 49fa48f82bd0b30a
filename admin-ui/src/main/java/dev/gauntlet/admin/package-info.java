/**
 * admin-ui: the browser UI over the services' REST APIs. Server-rendered (Thymeleaf, htmx and Chart.js from
 * webjars), behind Spring Security: ADMIN may change, VIEWER may only read.
 */
@NullMarked
package dev.gauntlet.admin;

import org.jspecify.annotations.NullMarked;
