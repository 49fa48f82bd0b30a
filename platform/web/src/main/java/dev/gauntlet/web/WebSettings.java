package dev.gauntlet.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP edge settings, under {@code gauntlet.http}.
 *
 * @param maxRequestSize the largest request body accepted; larger ones get 413
 */
@ConfigurationProperties("gauntlet.http")
public record WebSettings(@DefaultValue("1MB") DataSize maxRequestSize) {
}
